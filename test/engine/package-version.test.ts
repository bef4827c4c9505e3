import * as path from 'path';
import { packageVersion } from '../../src/engine/package-version';

const actualFs: typeof import('fs') = jest.requireActual('fs');
const readFileSync = jest.fn((...args: Parameters<typeof actualFs.readFileSync>) => actualFs.readFileSync(...args));
jest.mock('fs', () => ({ ...jest.requireActual('fs'), readFileSync: (...args: unknown[]) => readFileSync(...(args as Parameters<typeof actualFs.readFileSync>)) }));

describe('packageVersion', () => {
  test('GIVEN the package WHEN its version is asked THEN the version in package.json', () => {
    const expected = JSON.parse(actualFs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf-8')).version;

    expect(typeof expected).toBe('string');
    expect(packageVersion()).toBe(expected);
  });

  test('GIVEN a package.json that cannot be read, or whose version is not a string WHEN asked THEN there is no version', () => {
    readFileSync.mockImplementationOnce(() => {
      throw new Error('EACCES');
    });
    expect(packageVersion()).toBeUndefined();
    readFileSync.mockImplementationOnce(() => '{"version": 1}');
    expect(packageVersion()).toBeUndefined();
  });
});
