// Runs the in-process suites (`npm test`'s and the in-process end-to-end ones) again, resolving every
// `aws-cdk-lib` import to the newest release (installed under the alias `aws-cdk-lib-latest`), so users on
// both ends of the peer range are covered. Part of `npm run test:e2e`.
const path = require('path');
const base = require('./package.json').jest;

const latest = path.join(__dirname, 'node_modules', 'aws-cdk-lib-latest');

module.exports = {
  ...base,
  collectCoverage: false,
  reporters: ['default'],
  // Not base's list, which leaves out every end-to-end suite. Left out here: tests that start the CDK CLI
  // or another process (*.cli.test.ts) run outside jest's module system, so the mapping would not reach
  // them, and tests of the committed integration snapshots (*.integ-snapshots.test.ts) read files only;
  // both already run once in `test:e2e` and are not repeated here.
  testPathIgnorePatterns: ['/node_modules/', '\\.cli\\.test\\.ts$', '\\.integ-snapshots\\.test\\.ts$'],
  moduleNameMapper: {
    '^aws-cdk-lib$': latest,
    '^aws-cdk-lib/(.*)$': `${latest}/$1`,
  },
};
