// The report file of --output: checked before any work starts, written without ever blocking.
//
// A path under /proc or /sys is a kernel interface, not storage (Node's recursive mkdir even loops forever
// there), and a pipe, socket or device blocks or swallows the report; so the target must be a regular file,
// or not exist yet, on an ordinary file system.
import * as fs from 'fs';
import * as path from 'path';
import { fileKind } from '../scan/bounded-read';

/** File-system types (statfs magic numbers) that are kernel interfaces: procfs and sysfs. */
const KERNEL_FILE_SYSTEMS = new Map<number, string>([
  [0x9fa0, '/proc'],
  [0x62656572, '/sys'],
]);

/** Why a report cannot be written to `output`, or undefined when it can. Creates nothing. */
export function outputFileProblem(output: string): string | undefined {
  const target = path.resolve(output);
  let existing = target;
  while (!fs.existsSync(existing) && path.dirname(existing) !== existing) {
    existing = path.dirname(existing);
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(existing);
  } catch (error) {
    return `cannot use ${output} for the report (${error instanceof Error ? error.message : String(error)})`;
  }
  const kernel = kernelFileSystem(existing);
  if (kernel) {
    return `cannot write the report to ${output}: it is under ${kernel}, a kernel interface, not a place for files`;
  }
  if (existing === target) {
    if (!stat.isFile()) {
      return `cannot write the report to ${output}: it is ${fileKind(stat)}, not a regular file`;
    }
    return writable(target) ? undefined : `cannot write the report to ${output}: permission denied`;
  }
  if (!stat.isDirectory()) {
    return `cannot write the report to ${output}: ${existing} is not a folder`;
  }
  return writable(existing) ? undefined : `cannot write the report to ${output}: permission denied in ${existing}`;
}

/**
 * Writes the report, creating missing folders one at a time (never Node's recursive mkdir, which loops on
 * some kernel file systems). Opens without blocking: a pipe that appeared since the check fails at once.
 */
export function writeOutputFile(output: string, text: string): void {
  const target = path.resolve(output);
  const missing: string[] = [];
  for (let dir = path.dirname(target); !fs.existsSync(dir) && path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    missing.unshift(dir);
  }
  for (const dir of missing) {
    fs.mkdirSync(dir);
  }
  const { O_WRONLY, O_CREAT, O_TRUNC, O_NONBLOCK = 0 } = fs.constants;
  // eslint-disable-next-line no-bitwise -- open(2) takes its flags as a bit set
  const fd = fs.openSync(target, O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK, 0o666);
  try {
    fs.writeFileSync(fd, text);
  } finally {
    fs.closeSync(fd);
  }
}

function kernelFileSystem(file: string): string | undefined {
  try {
    return KERNEL_FILE_SYSTEMS.get(Number(fs.statfsSync(file).type));
  } catch {
    return undefined;
  }
}

function writable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
