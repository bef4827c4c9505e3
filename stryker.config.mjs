// Mutation testing of src/engine (`npm run test:mutation`): Stryker changes the engine one small edit at a
// time (a condition inverted, a boundary moved, a string emptied, ...) and runs the engine's own fast tests
// against each change; a change no test notices ("survived") is a bug the tests would let through.
// Not part of `npm test` or CI: src/engine holds about 4,500 mutants and each costs a jest run of the tests
// that cover it (2 to 4 s of one core), so the whole run takes hours on two cores. Run a part of it with
// `npm run test:mutation -- --mutate 'src/engine/rules/**/*.ts'` (a glob, a file, or `file.ts:10-40` for lines;
// several, comma-separated).
//
// Every rule file (src/engine/rules) must be 100% killed; a mutant that survives there is listed below with
// why it is equivalent (no test can tell it apart, because the behaviour is the same):
//
// - agw5-jwt-discovery-url.ts, partialSyntaxProblem, `typeof first === 'string' && /^https:\/\//i.test(first)`:
//   `true && ...` and `||` survive. The parts of a PartialString are strings or Unknowns, and testing the regex
//   against an Unknown tests "[object Object]", which never matches, so the typeof adds nothing at run time
//   (it is there for the type checker).
// - agw5-jwt-discovery-url.ts, the next line, `first.replace(/^https:\/\//i, '')`: dropping the `^` and
//   replacing with another text both survive. The line above proved that `first` starts with https://, so the
//   first match is at 0 either way; and only `@` before the first `/` is looked at, which a replacement text
//   without `/` or `@` cannot add or remove.
// - agw5-jwt-discovery-url.ts, literalProblems, `check.syntaxProblem ?? 'it does not start with https://'`: no
//   test reaches the fallback because none can: a URL without a scheme fails the pattern, so syntaxProblem is
//   always set there. The fallback stays so that a future change cannot print "undefined".
// - jwt.ts, lookUpJwtAuthorizer, `typeof type !== 'string' || ...`: `false || ...` survives, because
//   `JWT_AUTHORIZER_TYPES.includes(type)` is false for every value that is not a string (the typeof is there
//   for the type checker).
// - policy-document.ts, readPolicyDocument, `isUnknown(policy)` -> false: statementsOf gives back the same
//   `<expression>: <reason>` text for an Unknown.
// - policy-document.ts, `!text.includes(OPEN)` -> false: without a marker the loop finds nothing and the text
//   comes back as it was. The label 'a string of the policy' -> "": it only names a piece that is not a string,
//   and every piece there is a literal or an Unknown (literal text cannot hold the markers).
// - agw9-public-resource-policy.ts, invokeAction, `!isPlainObject(statement)` -> false: `field()` of anything
//   that is not an object is undefined, so no action is found either way.
// - agw9-public-resource-policy.ts, narrowingValue, `(isUnknown(values) && !values.computed)` -> false: the
//   function then returns `computed`, false here, so the value does not narrow either way.
// - agw9-public-resource-policy.ts, the operator name: `/^ForAnyValue:/` without `^`, and the guard against
//   ForAllValues: and IfExists (-> false, `||` -> `&&`, either regex without its anchor): the exact lookup in
//   NARROWING_OPERATORS already rejects every such name, so the guard only says so earlier.
// - agw9-public-resource-policy.ts, the two `.join('')` of literal pieces and `typeof p === 'string'` -> true in
//   the stand-in of a partial value: partial strings hold no empty literal pieces, and the stand-in only has
//   to be non-empty and free of `*`, `?`, `:` and `/`, which every mutant keeps.
// - iam-patterns.ts: `.+$` -> `.+` under the `s` flag (`.+` always reaches the end); `'x'` -> `''` in step()
//   (neither matches a literal node, both stay in a field); `?.` -> `.` and `[]` -> ['Stryker was here'] on
//   states past ACCEPTING, which cannot occur; the `default:` of a switch over every node kind (unreachable).
//
// Outside the rules (not required to be 100%), the mutants known to survive because they are equivalent:
//
// - values.ts, concatenate, `merged.join('')` survives with any separator, because adjacent strings were merged
//   just before, so `merged` holds at most one string there.
// - intrinsics.ts: the `default:` of decideCondition's switch (the function ends with undefined either way);
//   parameter(), the `'String'` fallback of a missing Type -> "" (the fallback only has to match none of the
//   SSM and list prefixes, and "" matches none either); lazy(), `keys[0] === 'Fn::If'` -> true (the arguments are
//   read under the name Fn::If, so any other single key finds none and falls through as before).
// - template.ts, containsText, `typeof node === 'object'` -> true (numbers and booleans have no entries).
// - choices.ts, World.choose: the splice count `length - position` -> `length + position` (both delete to the
//   end); explore, `!choices.has(key)` -> true (one key always comes with the same number of options).
// - package-version.ts: 'utf-8' -> "" (JSON.parse reads the Buffer as the same text), and an empty catch block
//   (the function ends with undefined either way).
// - macros.ts, containsMacro: the path findMacros starts from (the count does not depend on it).
// - template-tree.ts, the url of an unreadable reference when its source is not a URL: undefined either way.
// - references.ts: `return []` -> ['Stryker was here'] where a resource has no reference (entries without a
//   source are skipped); `{ label, propertyPath }` -> {} for the same reason; the key 'ProvisioningArtifactParameters'
//   -> "" where Properties are only known at deploy time (the key is only read from a mapping); kind: 'url' ->
//   "" in sourceKey (only URL keys have a url field); `when !== ''` -> true and '' -> another text (a second world
//   exists only after a choice, so `when` is never empty there). Not equivalent, left alive on purpose: sourceKey's
//   `typeof source.url === 'string'` -> false tells a literal URL that contains the text `${Ref X}` from a partial
//   URL that prints the same; both are unreadable, and a test killing it would pin their merging as intended.
// - sdk-calls.ts: `JSON.stringify(...) ?? ''` -> another text (JSON.stringify of a template value is never
//   undefined, and neither text holds the provider ID); the internal tag kind: 'call' -> "" (callers only test
//   for 'none' and 'unreadable').
// - urls.ts: nothing left (a test per mutant).
// - guard-options.ts: `allowedTemplateUrlPrefixes ?? []` -> ['Stryker was here'] (not a URL: dropped two lines
//   later).
// - report.ts: `meta.entryPoint ?? 'cdk'` -> "" twice (fixFor gives the CDK fix for anything but 'live' and 'scan').
// - evaluate.ts, finding(): `options.entryPoint ?? 'cdk'` -> "" for the same reason; the separator of the call
//   names in an SDK call's choice key -> "" (joined without it, the names of distinct sets of calls still differ).

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  // Related tests only: jest runs the test files that import the mutated file (all of them for the core).
  jest: { projectType: 'custom', configFile: 'jest.mutation.config.js', enableFindRelatedTests: true },
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
