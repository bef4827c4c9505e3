// The scanner's one way to read a file it was given or led to. Its input is untrusted (templates and cloud
// assemblies from pull requests), so every read is of a regular file, no larger than a limit checked before
// reading, and inside the folders the read may touch (real paths: a symbolic link never leads out).
import * as fs from 'fs';
import * as path from 'path';

/** The default size limit of one file: far above any real template (CloudFormation accepts at most 1 MB). */
export const DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024;

/** What one read may touch. */
export interface ReadPolicy {
  /** The largest file read, in bytes. */
  readonly maxBytes: number;
  /**
   * Real paths of the folders (or single files) a read must stay inside. A path whose real path (symbolic
   * links followed) is not one of them or below one of them is refused.
   */
  readonly roots: readonly string[];
  /** How to name the roots in a refusal, e.g. "the cloud assembly cdk.out". */
  readonly rootsDescription: string;
  /** The advice a refusal of a path outside the roots ends with. */
  readonly outsideAdvice: string;
}

/** Why a read was refused. */
export type ReadRefusal = 'missing' | 'outside' | 'not-a-file' | 'too-large' | 'unreadable';

/** The text of a file, or why it was not read (`reason` is a clause: "it is a named pipe (FIFO), ..."). */
export type BoundedRead =
  | { readonly ok: true; readonly text: string; readonly realPath: string }
  | { readonly ok: false; readonly refusal: ReadRefusal; readonly reason: string };

/** True when `real` (a real path) is one of `roots` or inside one of them. */
export function isInside(real: string, roots: readonly string[]): boolean {
  return roots.some((root) => real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep));
}

/**
 * Reads `file` as UTF-8 text under `policy`, or says why not. Never blocks on a pipe or device, never reads
 * more than `policy.maxBytes + 1` bytes, and never throws. `knownRealPath`: the caller resolved it already.
 */
export function readBounded(file: string, policy: ReadPolicy, knownRealPath?: string): BoundedRead {
  let stat: fs.Stats;
  let real: string;
  try {
    stat = fs.statSync(file);
    real = knownRealPath ?? fs.realpathSync.native(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, refusal: code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'unreadable', reason: describeFsError(error) };
  }
  if (!isInside(real, policy.roots)) {
    return {
      ok: false,
      refusal: 'outside',
      reason: `it resolves to ${real}, outside ${policy.rootsDescription}; ${policy.outsideAdvice}`,
    };
  }
  const refused = refuseByStat(stat, policy.maxBytes);
  if (refused) {
    return refused;
  }
  return readRegularFile(real, policy.maxBytes);
}

/** The refusal for a file that is not a regular file or is too large, judged from its metadata alone. */
function refuseByStat(stat: fs.Stats, maxBytes: number): BoundedRead | undefined {
  if (stat.isDirectory()) {
    return { ok: false, refusal: 'unreadable', reason: 'it is a directory' };
  }
  if (!stat.isFile()) {
    return { ok: false, refusal: 'not-a-file', reason: `it is ${fileKind(stat)}, not a regular file; only regular files are read` };
  }
  if (stat.size > maxBytes) {
    return { ok: false, refusal: 'too-large', reason: tooLarge(`it is ${formatBytes(stat.size)}`, maxBytes) };
  }
  return undefined;
}

/**
 * Reads a file that was a regular file a moment ago. Opened without blocking and without following a
 * symbolic link, and checked again through the open descriptor, so a file swapped for a pipe or a link in
 * between is refused rather than read. Files whose size the system does not report (such as those under
 * /proc) are read up to the limit and no further.
 */
function readRegularFile(real: string, maxBytes: number): BoundedRead {
  let fd: number | undefined;
  try {
    const { O_RDONLY, O_NONBLOCK = 0, O_NOFOLLOW = 0 } = fs.constants;
    // eslint-disable-next-line no-bitwise -- open(2) takes its flags as a bit set
    fd = fs.openSync(real, O_RDONLY | O_NONBLOCK | O_NOFOLLOW);
    const stat = fs.fstatSync(fd);
    const refused = refuseByStat(stat, maxBytes);
    if (refused) {
      return refused;
    }
    let buffer = Buffer.allocUnsafe(Math.min(maxBytes, stat.size > 0 ? stat.size : 64 * 1024) + 1);
    let length = 0;
    // A regular file whose size is known ends where a read comes back short; others are read to the end.
    for (let short = false; !short || stat.size === 0; ) {
      if (length === buffer.length) {
        if (length > maxBytes) {
          return { ok: false, refusal: 'too-large', reason: tooLarge('it grew while being read', maxBytes) };
        }
        const grown = Buffer.allocUnsafe(Math.min(maxBytes + 1, buffer.length * 2));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      const wanted = buffer.length - length;
      const read = fs.readSync(fd, buffer, length, wanted, null);
      if (read === 0) {
        break;
      }
      length += read;
      short = read < wanted;
    }
    return { ok: true, text: buffer.toString('utf-8', 0, length), realPath: real };
  } catch (error) {
    return { ok: false, refusal: 'unreadable', reason: describeFsError(error) };
  } finally {
    if (fd !== undefined) {
      fs.closeSync(fd);
    }
  }
}

function tooLarge(what: string, maxBytes: number): string {
  return `${what}, more than the limit of ${formatBytes(maxBytes)} for one file (raise it with --max-file-size <MB>)`;
}

/** "a named pipe (FIFO)", "a character device", ...: what a file that is not a regular file is. */
export function fileKind(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/** What a refusal says after the file's name: "cannot read the file (...)" or "not read: ...". */
export function describeRefusal(read: Extract<BoundedRead, { ok: false }>): string {
  return read.refusal === 'missing' || read.refusal === 'unreadable' ? `cannot read the file (${read.reason})` : `not read: ${read.reason}`;
}

/** A size for messages: exact bytes below 1 MB, else MB (1024-based, as `--max-file-size` counts). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${bytes.toLocaleString('en-US')} bytes`;
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

/** A short reason for a file-system error: "no such file", "permission denied", ... */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a parent of the path is not a directory';
    case 'ELOOP':
      return 'it is a symbolic link that was swapped in while reading, or a loop of symbolic links';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
