import * as fs from 'fs';
import * as path from 'path';

/** A path to show the user: relative to the working directory when inside it, absolute otherwise. */
export function displayPath(file: string): string {
  const absolute = path.resolve(file);
  const relative = path.relative(process.cwd(), absolute);
  return relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative;
}

/** The real path of a file (symbolic links followed), or its absolute path when it cannot be resolved. */
export function realPath(file: string): string {
  try {
    // The system's realpath: one call, where Node's own does an lstat per path component.
    return fs.realpathSync.native(file);
  } catch {
    return path.resolve(file);
  }
}
