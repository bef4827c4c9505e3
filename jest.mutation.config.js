// The jest run of `npm run test:mutation` (Stryker): only the fast in-process tests of src/engine, compiled
// with swc (no type checking: a mutant need not type-check to be tested), without coverage or JUnit files.
const base = require('./package.json').jest;

module.exports = {
  ...base,
  collectCoverage: false,
  reporters: ['default'],
  testMatch: ['<rootDir>/test/engine/**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
};
