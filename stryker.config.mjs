// Mutation testing of src/engine (`npm run test:mutation`): Stryker changes the engine one small edit at a
// time (a condition inverted, a boundary moved, a string emptied, ...) and runs the engine's own fast tests
// against each change; a change no test notices ("survived") is a bug the tests would let through.
// Not part of `npm test` or CI: it takes tens of minutes on two cores.
//
// Every rule file (src/engine/rules) must be 100% killed; a mutant that survives there is listed below with
// why it is equivalent (no test can tell it apart, because the behaviour is the same).

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  jest: { projectType: 'custom', configFile: 'jest.mutation.config.js', enableFindRelatedTests: false },
  coverageAnalysis: 'perTest',
  mutate: ['src/engine/**/*.ts'],
  // Two cores, shared: one or two test processes at a time (override with --concurrency).
  concurrency: 2,
  thresholds: { high: 95, low: 90, break: 90 },
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['/.tmp', '/.tmp-*', 'cdk.out', '*.cdk.out', '/lib', '/dist', '/coverage', '/test-reports', '/reports', '/examples', '/bench'],
  timeoutMS: 10000,
};
