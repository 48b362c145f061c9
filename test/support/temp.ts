import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

/** A fresh temporary folder removed after the current test. */
export async function temporaryFolder(prefix = 'citebot-'): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), prefix));
  afterEach(() => rm(folder, { recursive: true, force: true }));
  return folder;
}
