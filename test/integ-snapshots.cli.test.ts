// Runs the real CDK CLI: excluded from `test:latest` (jest.latest.config.js), like every *.cli.test.ts.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { compareSnapshot, snapshotDirOf, withSynthesized, TEST_DIR } from './support/integ-snapshots';

describe('integration snapshot verification against a real synthesis', () => {
  test('GIVEN an integration test whose code changed THEN its committed snapshot is reported stale', async () => {
    // A copy of integ.iam.ts in a scratch folder of the repository (imports adjusted), with one change to
    // the gateway: what `npm run integ:verify` must catch when someone edits a test or the construct.
    const original = join(TEST_DIR, 'integ.iam.ts');
    const scratch = mkdtempSync(join(TEST_DIR, '..', '.tmp-integ-'));
    const changed = join(scratch, 'integ.iam.ts');
    writeFileSync(changed, readFileSync(original, 'utf8')
      .replace(/'\.\/support\//g, '\'../test/support/')
      .replace("path.join(__dirname, 'support'", "path.join(__dirname, '..', 'test', 'support'")
      .replace('{ authorization: GatewayAuthorization.awsIam() }', "{ authorization: GatewayAuthorization.awsIam(), description: 'changed' }"));

    try {
      const problems = await withSynthesized(changed, (dir) => compareSnapshot(snapshotDirOf(original), dir));
      expect(problems).toEqual([
        'AgwIntegIam.template.json: Resources/GatewayIamGateway9801B9BD/Properties/Description: new, not in the snapshot',
      ]);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
