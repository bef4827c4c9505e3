// Runs the same suite as `npm test`, but resolves every `aws-cdk-lib` import to the newest release
// (installed under the alias `aws-cdk-lib-latest`), so users on both ends of the peer range are covered.
const path = require('path');
const base = require('./package.json').jest;

const latest = path.join(__dirname, 'node_modules', 'aws-cdk-lib-latest');

module.exports = {
  ...base,
  collectCoverage: false,
  reporters: ['default'],
  // Tests that start the CDK CLI or cfn-lint run outside jest's module system, so the mapping would not
  // reach them; they already run against the floor version and are not repeated here.
  testPathIgnorePatterns: [...(base.testPathIgnorePatterns ?? []), '\\.cli\\.test\\.ts$', '\\.integ-snapshots\\.test\\.ts$'],
  moduleNameMapper: {
    '^aws-cdk-lib$': latest,
    '^aws-cdk-lib/(.*)$': `${latest}/$1`,
  },
};
