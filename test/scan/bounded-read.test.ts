import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { namedPipe, tempDir } from './helpers';
import { BoundedRead, describeRefusal, formatBytes, isInside, readBounded, ReadPolicy } from '../../src/scan/bounded-read';

function policy(roots: string[], maxBytes = 1024): ReadPolicy {
  return { maxBytes, roots: roots.map((r) => fs.realpathSync(r)), rootsDescription: 'the test folder', outsideAdvice: 'allow it' };
}

function refusal(read: BoundedRead): { refusal: string; reason: string } {
  if (read.ok) {
    throw new Error(`expected a refusal, read ${read.text.length} characters`);
  }
  return { refusal: read.refusal, reason: read.reason };
}

describe('readBounded', () => {
  test('GIVEN a regular file inside the root, reached through a symbolic link inside it WHEN read THEN its text and real path', () => {
    // GIVEN
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.yaml'), 'Resources: {}\n');
    fs.symlinkSync(path.join(dir, 'a.yaml'), path.join(dir, 'link.yaml'));

    // WHEN
    const read = readBounded(path.join(dir, 'link.yaml'), policy([dir]));

    // THEN
    expect(read).toEqual({ ok: true, text: 'Resources: {}\n', realPath: fs.realpathSync(path.join(dir, 'a.yaml')) });
  });

  test('GIVEN a named pipe WHEN read THEN it is refused without opening it (a read would block forever)', () => {
    const dir = tempDir();
    const pipe = namedPipe(path.join(dir, 'pipe.yaml'));

    expect(refusal(readBounded(pipe, policy([dir])))).toEqual({
      refusal: 'not-a-file',
      reason: 'it is a named pipe (FIFO), not a regular file; only regular files are read',
    });
  });

  test('GIVEN /dev/zero (an endless character device) WHEN read THEN it is refused, also when /dev is allowed', () => {
    expect(refusal(readBounded('/dev/zero', policy(['/dev'])))).toEqual({
      refusal: 'not-a-file',
      reason: 'it is a character device, not a regular file; only regular files are read',
    });
    expect(refusal(readBounded('/dev/zero', policy([tempDir()]))).refusal).toBe('outside');
  });

  test('GIVEN a Unix socket WHEN read THEN it is refused', async () => {
    const dir = tempDir();
    const socket = path.join(dir, 'server.sock');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      expect(refusal(readBounded(socket, policy([dir])))).toEqual({
        refusal: 'not-a-file',
        reason: 'it is a socket, not a regular file; only regular files are read',
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('GIVEN a file one byte over the limit and one at the limit WHEN read THEN the larger is refused before reading, the other read', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'big.json'), 'x'.repeat(1025));
    fs.writeFileSync(path.join(dir, 'fits.json'), 'x'.repeat(1024));

    expect(refusal(readBounded(path.join(dir, 'big.json'), policy([dir], 1024)))).toEqual({
      refusal: 'too-large',
      reason: 'it is 1,025 bytes, more than the limit of 1,024 bytes for one file (raise it with --max-file-size <MB>)',
    });
    expect(readBounded(path.join(dir, 'fits.json'), policy([dir], 1024)).ok).toBe(true);
  });

  test('GIVEN a /proc file, whose size the system reports as 0 WHEN read with a small limit THEN it is read no further than the limit', () => {
    const read = readBounded('/proc/self/status', policy(['/proc'], 16));

    expect(refusal(read)).toEqual({
      refusal: 'too-large',
      reason: 'it grew while being read, more than the limit of 16 bytes for one file (raise it with --max-file-size <MB>)',
    });
    const whole = readBounded('/proc/self/status', policy(['/proc'], 1024 * 1024));
    expect(whole.ok && whole.text).toMatch(/^Name:/);
  });

  test('GIVEN paths that leave the root through .., an absolute path, or a symbolic link WHEN read THEN each is refused, naming where it leads', () => {
    const dir = tempDir();
    const outside = tempDir();
    fs.writeFileSync(path.join(outside, 'secret.yaml'), 'Resources: {}\n');
    fs.mkdirSync(path.join(dir, 'root'));
    fs.symlinkSync(path.join(outside, 'secret.yaml'), path.join(dir, 'root', 'link.yaml'));
    const root = path.join(dir, 'root');
    const real = fs.realpathSync(path.join(outside, 'secret.yaml'));

    for (const file of [path.join(root, '..', '..', path.basename(outside), 'secret.yaml'), real, path.join(root, 'link.yaml')]) {
      expect(refusal(readBounded(file, policy([root])))).toEqual({
        refusal: 'outside',
        reason: `it resolves to ${real}, outside the test folder; allow it`,
      });
    }
  });

  test('GIVEN a missing file, a directory and an unreadable file WHEN read THEN each says why in the words of a file error', () => {
    const dir = tempDir();
    const locked = path.join(dir, 'locked.yaml');
    fs.writeFileSync(locked, 'Resources: {}\n');
    fs.chmodSync(locked, 0o000);

    const missing = readBounded(path.join(dir, 'missing.yaml'), policy([dir]));
    const directory = readBounded(dir, policy([dir]));

    expect(refusal(missing)).toEqual({ refusal: 'missing', reason: 'no such file or directory' });
    expect(!missing.ok && describeRefusal(missing)).toBe('cannot read the file (no such file or directory)');
    expect(!directory.ok && describeRefusal(directory)).toBe('cannot read the file (it is a directory)');
    // root reads any file whatever its mode; everyone else is refused.
    if (process.getuid?.() !== 0) {
      expect(refusal(readBounded(locked, policy([dir])))).toEqual({ refusal: 'unreadable', reason: 'permission denied' });
    }
  });
});

describe('isInside', () => {
  test('GIVEN a root WHEN paths are judged THEN the root and what is below it are inside, a sibling with the same prefix is not', () => {
    expect(isInside('/a/b', ['/a/b'])).toBe(true);
    expect(isInside('/a/b/c.json', ['/a/b'])).toBe(true);
    expect(isInside('/a/bc/d.json', ['/a/b'])).toBe(false);
    expect(isInside('/a', ['/a/b'])).toBe(false);
    expect(isInside('/etc/passwd', ['/'])).toBe(true);
    expect(isInside('/a/b', [])).toBe(false);
  });
});

describe('formatBytes', () => {
  test.each([
    [0, '0 bytes'],
    [1023, '1,023 bytes'],
    [1024 * 1024 - 1, '1,048,575 bytes'],
    [1024 * 1024, '1 MB'],
    [50 * 1024 * 1024, '50 MB'],
    [5_000_000_000, '4768.4 MB'],
  ])('GIVEN %i bytes WHEN shown THEN %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
