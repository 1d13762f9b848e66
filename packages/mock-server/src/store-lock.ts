// One server per store: `<store>.lock`, created exclusively, holds the owner's pid; a second
// server refuses to start and names the first; a lock whose pid is dead is stale and taken.
import { lstat, open, readFile, rm } from 'node:fs/promises';
import { EXCLUSIVE } from './atomic-write.js';

/** Whether a process with this pid runs (EPERM: it runs, as another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Creates the lock exclusively; a lock of a live process refuses the start, one of a dead process is taken over. */
export async function takeLock(lock: string, store: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(lock, EXCLUSIVE, 0o600);
      try {
        await handle.writeFile(`${process.pid}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new Error(`hem-mock-server: cannot lock the key store ${store} (${lock}): ${(error as Error).message}`);
    }
    const held = await lstat(lock).catch(() => undefined);
    if (held && !held.isFile()) throw new Error(`hem-mock-server: the lock ${lock} of the key store is not a regular file: remove it if no server uses ${store}.`);
    // A pid and a newline: anything longer is not a lock this server wrote, and is not read.
    const text = held && held.size <= 32 ? await readFile(lock, 'utf8').catch(() => '') : '';
    const pid = /^(\d+)\n?$/.exec(text)?.[1];
    if (pid !== undefined && alive(Number(pid))) {
      throw new Error(`hem-mock-server: the key store ${store} is in use by another process (pid ${pid}, lock ${lock}): stop that server first, or pass another --store.`);
    }
    // A lock without a live owner (a server that crashed): taken over once; a second race is lost.
    if (attempt > 0 || pid === undefined) {
      throw new Error(
        `hem-mock-server: the lock ${lock} of the key store ${store} is held${pid === undefined ? ' but names no process' : ''}: remove it if no server uses the store.`,
      );
    }
    await rm(lock, { force: true });
  }
}

/** Removes the lock, only while it is this process's. */
export async function releaseLock(lock: string): Promise<void> {
  const text = await readFile(lock, 'utf8').catch(() => '');
  if (text === `${process.pid}\n`) await rm(lock, { force: true });
}
