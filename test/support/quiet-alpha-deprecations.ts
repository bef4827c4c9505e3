// Import this first in a test file whose subject is the deprecated alpha module
// (@aws-cdk/aws-bedrock-agentcore-alpha): the guard must still catch the alpha Gateway, and each use of a
// deprecated jsii API would otherwise print a [WARNING] block on every run. `JSII_DEPRECATED` is jsii's
// switch for those warnings (`warn`, `quiet` or `fail`); it is read on each call, and jest gives each test
// file its own copy of process.env, so this stays inside the file that imports it. Only files that use the
// alpha module on purpose import it: a deprecation anywhere else still prints.
process.env.JSII_DEPRECATED = 'quiet';
