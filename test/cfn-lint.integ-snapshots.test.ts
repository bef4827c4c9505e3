// The cfn-lint gate over the committed integration-test snapshots. Reads committed files only, so it is
// not repeated by `test:latest` (jest.latest.config.js skips *.integ-snapshots.test.ts).
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { blockingFindings, cfnLint, describeFindings } from './support/cfn-lint';
import { snapshotTemplates } from './support/integ-snapshots';

describe('cfn-lint gate: integration-test snapshots', () => {
  test('GIVEN every template in the committed snapshots THEN cfn-lint reports no error and no unaccepted warning', () => {
    const templates = snapshotTemplates();
    // Six tests, each a stack under test and an assertion stack.
    expect(templates).toHaveLength(12);
    const blocking = blockingFindings(cfnLint(templates));
    expect(describeFindings(blocking)).toBe('');
  });

  test('GIVEN a gateway without its required properties THEN the gate fails (it can fail)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'agw-lint-'));
    const file = join(dir, 'Broken.template.json');
    writeFileSync(file, JSON.stringify({ Resources: { Gw: { Type: 'AWS::BedrockAgentCore::Gateway', Properties: { Name: 'gw' } } } }));
    const blocking = blockingFindings(cfnLint([file]));
    expect(blocking.map((m) => m.Rule.Id)).toContain('E3003');
  });
});
