// `npx projen guard-rules`: writes the shipped Guard rule file from its generator (src/hook/guard-rules.ts).
// test/hook/guard-rules.test.ts fails when the committed file and the generator disagree.
import { writeFileSync } from 'fs';
import { join } from 'path';
import { gatewayAuthorizationGuardRules, GUARD_RULES_FILE_NAME } from '../../src/hook/guard-rules';

/** Where the package ships the rule file with the default options. */
export const SHIPPED_GUARD_RULES = join(__dirname, '..', '..', 'rules', GUARD_RULES_FILE_NAME);

if (require.main === module) {
  writeFileSync(SHIPPED_GUARD_RULES, gatewayAuthorizationGuardRules());
  console.log(`wrote ${SHIPPED_GUARD_RULES}`);
}
