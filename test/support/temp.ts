import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';

/** A fresh temporary folder, removed when the current test finishes. */
export async function temporaryFolder(prefix = 'citebot-'): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), prefix));
  onTestFinished(() => rm(folder, { recursive: true, force: true }));
  return folder;
}

/** A fresh temporary folder for a whole suite (made in `beforeAll`); `remove` it in `afterAll`. */
export async function suiteTemporaryFolder(
  prefix = 'citebot-',
): Promise<{ readonly path: string; remove(): Promise<void> }> {
  const folder = await mkdtemp(path.join(tmpdir(), prefix));
  return { path: folder, remove: () => rm(folder, { recursive: true, force: true }) };
}
