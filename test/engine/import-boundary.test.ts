// The engine is the one judge behind every entry point, so it must not depend on aws-cdk-lib or constructs:
// the scanner, the live audit and the CLI load it without a CDK app. This test reads the import statements
// of every engine file: a bare import may only name a Node.js built-in, and a relative one must stay inside
// src/engine (so nothing reaches aws-cdk-lib through another folder either).
import * as fs from 'fs';
import { builtinModules } from 'module';
import * as path from 'path';

const ENGINE = path.join(__dirname, '..', '..', 'src', 'engine');

function engineFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? engineFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Every module specifier of `import ... from`, `export ... from`, `import('...')` and `require('...')`. */
function specifiers(source: string): string[] {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"])([^'"]+)\1/gm;
  return [...source.matchAll(pattern)].map((m) => m[2]);
}

function violations(file: string, source = fs.readFileSync(file, 'utf-8')): string[] {
  const shown = path.relative(path.join(ENGINE, '..', '..'), file);
  return specifiers(source).flatMap((spec) => {
    if (spec.startsWith('.')) {
      const target = path.resolve(path.dirname(file), spec);
      return target === ENGINE || target.startsWith(ENGINE + path.sep) ? [] : [`${shown} imports ${spec}, which is outside src/engine`];
    }
    const name = spec.replace(/^node:/, '');
    return builtinModules.includes(name.split('/')[0]) ? [] : [`${shown} imports the package ${spec}`];
  });
}

describe('the engine import boundary', () => {
  test('GIVEN the engine sources THEN the check sees them all, including the rules', () => {
    const files = engineFiles(ENGINE).map((f) => path.relative(ENGINE, f));
    expect(files).toEqual(expect.arrayContaining(['evaluate.ts', 'intrinsics.ts', path.join('rules', 'agw1-authorizer-none.ts')]));
  });

  test('GIVEN every file of src/engine THEN none imports aws-cdk-lib, constructs or anything outside src/engine', () => {
    expect(engineFiles(ENGINE).flatMap((file) => violations(file))).toEqual([]);
  });

  test('GIVEN a file that imports aws-cdk-lib or leaves the engine THEN the check names it', () => {
    // Judged as if it were an engine file, without writing into src/.
    const probe = path.join(ENGINE, 'rules', 'probe.ts');
    const source = [
      "import { Stack } from 'aws-cdk-lib';",
      "import type { IConstruct } from 'constructs';",
      "export { GuardPolicy } from '../../guard/synthesis-gate';",
      "const lazy = require('aws-cdk-lib/core');",
      "import * as fs from 'fs';",
      "import { explore } from '../choices';",
    ].join('\n');
    expect(violations(probe, source)).toEqual([
      'src/engine/rules/probe.ts imports the package aws-cdk-lib',
      'src/engine/rules/probe.ts imports the package constructs',
      'src/engine/rules/probe.ts imports ../../guard/synthesis-gate, which is outside src/engine',
      'src/engine/rules/probe.ts imports the package aws-cdk-lib/core',
    ]);
  });
});
