// The --store file loses nothing, built to hurt: two servers on one store, a planted
// symlink, an unrelated file beside the store, a store that is a symlink, a device, a FIFO,
// a store too large for its capacity, a truncated store. (A SIGKILL mid-write, with a restart
// that takes over the dead server's lock, is in concurrency.test.ts.)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { FileRepository } from '../src/file-store.js';
import { jsonErrorIndex } from '../src/json-offset.js';
import { killAll, runCli, startJson, type Running } from './cli-process.js';

const SLOW = { timeout: 120_000 };
const dir = mkdtempSync(join(tmpdir(), 'hem-mock-store-'));
const running: Running[] = [];
afterAll(async () => {
  await killAll(running);
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
/** A fresh folder for one case. */
const folder = () => {
  const at = join(dir, `case-${++n}`);
  mkdirSync(at);
  return at;
};

const record = (i: number) => ({ kid: i.toString(16).padStart(32, '0'), type: 'ED25519', pubkey: Buffer.alloc(32, i).toString('base64'), updated: 1 });

/** Stores `count` keys, each durable before the next. */
async function fill(repository: FileRepository, count: number, from = 0): Promise<void> {
  for (let i = from; i < from + count; i++) {
    expect(repository.add(record(i))).toBe('stored');
    await repository.flush();
  }
}

describe('one server per store', () => {
  test('a second server on the same store refuses to start and names the first; the first keeps every key', SLOW, async () => {
    const store = join(folder(), 'keys.json');
    const first = await startJson(['--store', store, '--no-require-tls']);
    running.push(first.run);
    const second = runCli(['--store', store, '--no-require-tls']);
    running.push(second);
    expect((await second.exited).code).toBe(1);
    expect(second.stderr()).toContain(`the key store ${store} is in use by another process (pid ${first.run.child.pid}`);
    first.run.child.kill('SIGTERM');
    expect((await first.run.exited).code).toBe(0);
    // Stopped cleanly: the lock is gone and a new server starts.
    expect(existsSync(`${store}.lock`)).toBe(false);
    const third = await startJson(['--store', store, '--no-require-tls']);
    running.push(third.run);
    third.run.child.kill('SIGTERM');
    expect((await third.run.exited).code).toBe(0);
  });

  test('in one process too: a second open is refused until the first is closed', async () => {
    const store = join(folder(), 'keys.json');
    const first = await FileRepository.open(store);
    await fill(first, 3);
    await expect(FileRepository.open(store)).rejects.toThrow(`in use by another process (pid ${process.pid}`);
    await first.close();
    const again = await FileRepository.open(store);
    expect(again.size).toBe(3);
    await again.close();
  });

  test('a lock left by a process that is gone is taken over; one naming no process is not', async () => {
    const at = folder();
    const store = join(at, 'keys.json');
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(`${store}.lock`, `${gone}\n`);
    const repository = await FileRepository.open(store);
    expect(readFileSync(`${store}.lock`, 'utf8')).toBe(`${process.pid}\n`);
    await repository.close();
    expect(existsSync(`${store}.lock`)).toBe(false);
    writeFileSync(`${store}.lock`, 'not a pid');
    await expect(FileRepository.open(store)).rejects.toThrow(/is held but names no process: remove it if no server uses the store/);
    expect(readFileSync(`${store}.lock`, 'utf8')).toBe('not a pid');
  });
});

describe('nothing written through a link, nothing deleted that it did not create', () => {
  test('symlinks planted where temporary files of the old, predictable names would go are never followed', async () => {
    const at = folder();
    const store = join(at, 'keys.json');
    const victim = join(at, 'victim.txt');
    writeFileSync(victim, 'precious');
    for (let i = 0; i < 50; i++) symlinkSync(victim, `${store}.${process.pid}.${i}.tmp`);
    const repository = await FileRepository.open(store);
    await fill(repository, 20);
    await repository.close();
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    const reopened = await FileRepository.open(store);
    expect(reopened.size).toBe(20);
    await reopened.close();
    // Only what it made is gone (its temporary files, renamed; its lock): the planted links stay.
    expect(readdirSync(at).filter((f) => f.endsWith('.tmp'))).toHaveLength(50);
    expect(
      readdirSync(at)
        .filter((f) => !f.endsWith('.tmp'))
        .sort(),
    ).toEqual(['keys.json', 'victim.txt']);
  });

  test('an unrelated file beside the store, and a temporary file a crash left, survive a start and a stop', SLOW, async () => {
    const at = folder();
    const store = join(at, 'notes');
    const unrelated = join(at, 'notes.backup-2024.tmp');
    const leftover = join(at, 'notes.1234.1.tmp');
    writeFileSync(unrelated, 'my notes');
    writeFileSync(leftover, 'half a write');
    const started = await startJson(['--store', store, '--no-require-tls']);
    running.push(started.run);
    started.run.child.kill('SIGTERM');
    expect((await started.run.exited).code).toBe(0);
    expect(readFileSync(unrelated, 'utf8')).toBe('my notes');
    expect(readFileSync(leftover, 'utf8')).toBe('half a write');
  });
});

describe('a store path that is not a regular file is refused at start', () => {
  test('a symlink, left as it is with its target', async () => {
    const at = folder();
    const target = join(at, 'real.json');
    writeFileSync(target, '{"format":"hem-mock-server/keys@1","keys":[]}');
    const link = join(at, 'keys.json');
    symlinkSync(target, link);
    await expect(FileRepository.open(link)).rejects.toThrow(`the key store ${link} is a symbolic link; it must be a regular file`);
    expect(readFileSync(target, 'utf8')).toBe('{"format":"hem-mock-server/keys@1","keys":[]}');
    expect(existsSync(`${link}.lock`)).toBe(false);
  });

  test('/dev/zero: refused as a device, nothing read', async () => {
    await expect(FileRepository.open('/dev/zero')).rejects.toThrow('the key store /dev/zero is a device');
  });

  test('a FIFO: refused without blocking on it', async () => {
    const fifo = join(folder(), 'keys.fifo');
    execFileSync('mkfifo', [fifo]);
    await expect(FileRepository.open(fifo)).rejects.toThrow(`the key store ${fifo} is a FIFO`);
  });

  test('a store larger than its capacity could make is refused before it is read', async () => {
    const store = join(folder(), 'keys.json');
    writeFileSync(store, '');
    truncateSync(store, 10 * 4096 + 1000); // sparse: nothing real to read
    await expect(FileRepository.open(store, 10)).rejects.toThrow(
      `the key store ${store} is ${10 * 4096 + 1000} bytes, more than 10 keys can take (4096 bytes each); it was not read`,
    );
    expect(existsSync(`${store}.lock`)).toBe(false);
  });
});

describe('a corrupt store stops the start and is never overwritten', () => {
  test('a truncated store: refused with the byte offset, its bytes unchanged', async () => {
    const store = join(folder(), 'keys.json');
    const repository = await FileRepository.open(store);
    await fill(repository, 5);
    await repository.close();
    const whole = readFileSync(store);
    const cut = whole.subarray(0, whole.length - 40);
    writeFileSync(store, cut);
    await expect(FileRepository.open(store)).rejects.toThrow(`not JSON at byte offset ${cut.length} of ${cut.length} bytes (cut short)`);
    expect(readFileSync(store).equals(cut)).toBe(true);
  });

  test('a byte out of place: the offset of that byte', async () => {
    const store = join(folder(), 'keys.json');
    writeFileSync(store, '{"format":"hem-mock-server/keys@1","keys":[}');
    await expect(FileRepository.open(store)).rejects.toThrow('not JSON at byte offset 43 of 44 bytes:');
    expect(readFileSync(store, 'utf8')).toBe('{"format":"hem-mock-server/keys@1","keys":[}');
    expect(existsSync(`${store}.lock`)).toBe(false);
  });
});

test.each([
  ['{"a":[1,2]}', -1],
  ['  [ ]  ', -1],
  ['{"a":[1,2}', 9],
  ['{"a" 1}', 5],
  ['{"a":"x\\q"}', 7],
  ['{"a":tru}', 5],
  ['[1,]', 3],
  ['{"a":1', 6],
  ['"\\u00e9" x', 9],
  ['['.repeat(100_000), 100_000],
])('jsonErrorIndex(%j) is %i (where JSON.parse gives up)', (text, index) => {
  expect(jsonErrorIndex(text)).toBe(index);
  expect(() => JSON.parse(text)).toSatisfy((parse: () => unknown) => {
    try {
      parse();
      return index === -1;
    } catch {
      return index !== -1;
    }
  });
});
