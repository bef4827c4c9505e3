import * as fs from 'fs';
import * as path from 'path';

/** The version of this package, from its package.json (two levels up from lib/engine and src/engine). */
export function packageVersion(): string | undefined {
  try {
    const version: unknown = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf-8')).version;
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}
