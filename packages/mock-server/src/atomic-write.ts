// Replacing the store without a moment where it is half written: a temporary file beside it,
// created exclusively (O_EXCL|O_NOFOLLOW) under an unpredictable name, written, fsynced,
// renamed over the store, and the folder fsynced. A crash mid-write leaves the previous file
// whole, and a planted file or symlink is never written through.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Create a new file, never an existing one and never through a symlink. */
export const EXCLUSIVE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/** Replaces `file` with `text`, durably; on failure `file` is untouched and the temporary file removed. */
export async function writeAtomically(file: string, text: string): Promise<void> {
  // A name taken by chance is simply not used (EEXIST fails this write; the next one retries).
  const temporary = `${file}.${randomBytes(12).toString('hex')}.tmp`;
  const handle = await open(temporary, EXCLUSIVE, 0o600);
  let renamed = false;
  try {
    await handle.writeFile(text);
    await handle.sync();
    await handle.close();
    await rename(temporary, file);
    renamed = true;
  } finally {
    if (!renamed) {
      await handle.close().catch(() => undefined);
      await rm(temporary, { force: true }); // ours: created exclusively above
    }
  }
  // The rename is durable once the folder is.
  const folder = await open(dirname(file), 'r');
  try {
    await folder.sync();
  } catch {
    // Some file systems cannot fsync a folder; the rename is still atomic there.
  } finally {
    await folder.close();
  }
}
