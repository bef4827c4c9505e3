// The Guard rule file as npm packs it (*.cli.test.ts: runs npm). The construct reads it from
// <package>/rules/ (two levels above lib/hook/), and users run cfn-guard on it from node_modules.
import { spawnSync } from 'child_process';
import { statSync } from 'fs';
import { join } from 'path';
import { GUARD_RULES_FILE_NAME } from '../../src/hook/guard-rules';
import { SHIPPED_GUARD_RULES } from '../support/guard-rules-file';

const ROOT = join(__dirname, '..', '..');

test('GIVEN the package as npm packs it THEN it holds the Guard rule file at rules/, unchanged', () => {
  // npm's own environment from an outer `npm test` would leak into the nested npm command.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  const packed = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', env, timeout: 120_000 });
  expect(packed.status).toBe(0);
  const files: Array<{ path: string; size: number }> = JSON.parse(packed.stdout)[0].files;

  expect(files).toContainEqual(expect.objectContaining({ path: `rules/${GUARD_RULES_FILE_NAME}`, size: statSync(SHIPPED_GUARD_RULES).size }));
});
