import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, '.tmp', 'readme-examples');

/** Every ```ts block of the README, with the package import pointed at this checkout's source. */
function readmeExamples(): { name: string; code: string }[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  const src = relative(OUT, join(ROOT, 'src')).split('\\').join('/');
  return blocks.map((code, i) => {
    let runnable = code.replace(/from 'cdk-secure-agentcore-gateway'/g, `from '${src}'`);
    // Examples that hold their App in `app` are synthesized too, so the guard runs on them.
    if (/^const app = new App\(/m.test(runnable)) {
      runnable += '\napp.synth();\n';
    }
    return { name: `example-${i + 1}.ts`, code: runnable };
  });
}

describe('README examples', () => {
  const examples = readmeExamples();

  beforeAll(() => {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    for (const e of examples) {
      writeFileSync(join(OUT, e.name), e.code);
    }
  });

  test('GIVEN the README THEN it has TypeScript examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(4);
  });

  test('GIVEN every TypeScript example THEN it type-checks against the library', () => {
    const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); },
    })!;
    const options = { ...config.options, rootDir: ROOT, noEmit: true, noUnusedLocals: false };
    const program = ts.createProgram(examples.map((e) => join(OUT, e.name)), options);
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file ? relative(ROOT, d.file.fileName) : '';
      return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(diagnostics).toEqual([]);
  });

  test.each(readmeExamples().map((e) => [e.name, e.code]))('GIVEN %s WHEN run THEN it builds (and, with an `app`, synthesizes) without error', (name) => {
    // Each example builds its own App; prop validation and the guard would throw.
    process.env.CDK_OUTDIR = mkdtempSync(join(tmpdir(), 'agw-readme-'));
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      expect(() => require(join(OUT, name))).not.toThrow();
    } finally {
      delete process.env.CDK_OUTDIR;
    }
  });
});
