import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { canonicalize, compareSnapshot, discoverIntegTests, snapshotDirOf, snapshotFileContent } from './integ-snapshots';
import { failedAssertions } from './integ-task';

const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);

function template(hash: string, salt: string, bucketProps: object = {}): object {
  return {
    Resources: {
      Fn: { Type: 'AWS::Lambda::Function', Properties: { Code: { S3Key: `${hash}.zip` } } },
      Bucket: { Type: 'AWS::S3::Bucket', Properties: bucketProps },
      Assert: { Type: 'Custom::DeployAssert@HttpCall', Properties: { salt } },
    },
  };
}

function assembly(files: { [name: string]: object }): string {
  const dir = mkdtempSync(join(tmpdir(), 'agw-snap-'));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), JSON.stringify(content));
  }
  return dir;
}

describe('integration snapshot comparison', () => {
  test('GIVEN two syntheses that differ only in asset hashes and assertion salts THEN the snapshot is current', () => {
    const snapshot = assembly({ 'S.template.json': template(HASH_A, '1'), 'integ.json': { version: '54.0.0' } });
    const actual = assembly({ 'S.template.json': template(HASH_B, '2'), 'integ.json': { version: '54.0.0' } });
    expect(compareSnapshot(snapshot, actual)).toEqual([]);
  });

  test('GIVEN a changed resource property THEN the difference names the file and the property path', () => {
    const snapshot = assembly({ 'S.template.json': template(HASH_A, '1') });
    const actual = assembly({ 'S.template.json': template(HASH_A, '1', { VersioningConfiguration: { Status: 'Enabled' } }) });
    expect(compareSnapshot(snapshot, actual)).toEqual([
      'S.template.json: Resources/Bucket/Properties/VersioningConfiguration: new, not in the snapshot',
    ]);
  });

  test('GIVEN a changed value THEN both values are shown', () => {
    const snapshot = assembly({ 'integ.json': { testCases: { T: { stackUpdateWorkflow: false } } } });
    const actual = assembly({ 'integ.json': { testCases: { T: { stackUpdateWorkflow: true } } } });
    expect(compareSnapshot(snapshot, actual)).toEqual([
      'integ.json: testCases/T/stackUpdateWorkflow: expected false, got true',
    ]);
  });

  test('GIVEN a template added or removed THEN the snapshot is stale', () => {
    const snapshot = assembly({ 'Old.template.json': template(HASH_A, '1') });
    const actual = assembly({ 'New.template.json': template(HASH_A, '1') });
    expect(compareSnapshot(snapshot, actual)).toEqual([
      'Old.template.json: in the snapshot, but no longer synthesized',
      'New.template.json: synthesized, but not in the snapshot',
    ]);
  });

  test('GIVEN no committed snapshot THEN that is reported', () => {
    const dir = mkdtempSync(join(tmpdir(), 'agw-snap-'));
    mkdirSync(join(dir, 'actual'));
    expect(compareSnapshot(join(dir, 'missing.snapshot'), join(dir, 'actual'))).toEqual([
      expect.stringMatching(/^no snapshot at /),
    ]);
  });

  test('GIVEN a salt outside an assertion property THEN it is not normalized away', () => {
    expect(canonicalize({ salt: '1', other: { salt: '2' }, note: 'salt' })).toEqual({ salt: '<salt>', other: { salt: '<salt>' }, note: 'salt' });
    expect(canonicalize({ Description: 'salt 1' })).toEqual({ Description: 'salt 1' });
  });

  test('GIVEN the repository THEN every integration test has a committed snapshot', () => {
    const tests = discoverIntegTests();
    expect(tests.map((t) => t.split('/').pop())).toEqual([
      'integ.cognito-m2m.ts', 'integ.custom-jwt.ts', 'integ.guard-hook.ts', 'integ.iam-cross-account-waf.ts', 'integ.iam.ts', 'integ.organization-scp.ts',
    ]);
    for (const t of tests) {
      expect(compareSnapshot(snapshotDirOf(t), snapshotDirOf(t))).toEqual([]);
    }
  });
});

describe('what a snapshot keeps', () => {
  test('GIVEN a metadata file WHEN kept THEN creation stack traces are dropped, every other entry kept; other files are kept byte for byte', () => {
    const metadata = {
      '/Stack': [{ type: 'aws:cdk:creationStack', data: [`<anonymous> (${join(tmpdir(), 'project', 'test', 'integ.x.ts')}:18:15)`] }],
      '/Stack/Gateway/Resource': [
        { type: 'aws:cdk:logicalId', data: 'Gateway' },
        { type: 'aws:cdk:creationStack', data: ['...aws-cdk-lib...'] },
        { type: 'aws:cdk:warning', data: 'keep me' },
      ],
    };
    const templateFile = Buffer.from('{"Resources": {}}  ');

    const kept = JSON.parse(snapshotFileContent('Stack.metadata.json', Buffer.from(JSON.stringify(metadata))).toString('utf8'));

    expect(kept).toEqual({ '/Stack/Gateway/Resource': [{ type: 'aws:cdk:logicalId', data: 'Gateway' }, { type: 'aws:cdk:warning', data: 'keep me' }] });
    expect(snapshotFileContent('Stack.template.json', templateFile)).toBe(templateFile);
  });

  test('GIVEN the committed snapshots THEN none holds a stack trace (traces name the folders of the machine that made them)', () => {
    const files = discoverIntegTests().flatMap((t) => readdirSync(snapshotDirOf(t)).map((f) => join(snapshotDirOf(t), f)));
    expect(files.length).toBeGreaterThan(30);
    expect(files.filter((f) => /aws:cdk:creationStack|"trace":|node_modules/.test(readFileSync(f, 'utf8')))).toEqual([]);
  });
});

describe('assertion results of a deployment', () => {
  test('GIVEN every assertion output succeeded THEN there is no failure', () => {
    expect(failedAssertions({
      Stack: { AssertionResultsHttpApiCall1: '{"status":"success"}', ExportsOutputRefX: 'x' },
    })).toEqual([]);
  });

  test('GIVEN a failed assertion THEN it is reported with its message', () => {
    expect(failedAssertions({
      Stack: { AssertionResultsA: '{"status":"success"}', AssertionResultsB: '{"status":"fail","message":"Expected 200"}' },
    })).toEqual(['Stack.AssertionResultsB: {"status":"fail","message":"Expected 200"}']);
  });

  test('GIVEN no assertion output at all THEN that is a failure (nothing was checked)', () => {
    expect(failedAssertions({ Stack: { Other: 'x' } })).toEqual(['no assertion results in the stack outputs']);
  });
});
