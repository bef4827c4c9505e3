import * as fs from 'fs';
import * as path from 'path';

// The one rule for showing a path lives with the other display helpers, so the guard, `scan`, `audit` and
// the CLI's own messages all show paths the same way.
export { displayPath } from '../engine/display';

/** The real path of a file (symbolic links followed), or its absolute path when it cannot be resolved. */
export function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}
