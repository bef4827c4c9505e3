// Type-checks the TypeScript that runs outside jest and jsii, with ts-node in transpile-only mode for
// speed: the integration tests and their tooling, and the demo apps and runner.
import { readdirSync } from 'fs';
import { join, relative } from 'path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..');

function filesToCheck(): string[] {
  const integ = readdirSync(join(ROOT, 'test')).filter((f) => /^integ\..+\.ts$/.test(f)).map((f) => join(ROOT, 'test', f));
  const demo = readdirSync(join(ROOT, 'examples', 'demo')).filter((f) => f.endsWith('.ts')).map((f) => join(ROOT, 'examples', 'demo', f));
  return [...integ, join(ROOT, 'test', 'support', 'integ-task.ts'), ...demo];
}

test('GIVEN the integration tests, the demo and their tooling THEN they type-check against the library', () => {
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); },
  })!;
  const files = filesToCheck();
  expect(files.length).toBeGreaterThanOrEqual(8);
  const program = ts.createProgram(files, { ...config.options, rootDir: ROOT, noEmit: true });
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${relative(ROOT, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
    return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
  expect(diagnostics).toEqual([]);
});
