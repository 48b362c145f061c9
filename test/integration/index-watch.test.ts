import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../discord/server/wait.ts';
import { temporaryFolder } from '../support/temp.ts';

const projectRoot = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(projectRoot, 'node_modules/.bin/tsx');

describe('npm run index -- --watch', () => {
  it('GIVEN several files added at once THEN one rebuild follows them, and Ctrl+C stops it cleanly', async () => {
    const work = await temporaryFolder();
    const corpusDir = path.join(work, 'corpus');
    await mkdir(corpusDir);
    await writeFile(path.join(corpusDir, 'harbour.md'), '# Harbour\n\nThe harbour opens at dawn.\n');
    const child = spawn(tsx, [path.join(projectRoot, 'scripts/index.ts'), '--watch', '--no-model'], {
      cwd: work,
      env: {
        PATH: process.env.PATH ?? '',
        CORPUS_DIR: corpusDir,
        INDEX_PATH: path.join(work, 'data', 'index.citebot'),
        WATCH_DEBOUNCE_SECONDS: '1',
      },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const count = (text: string) => stdout.split(text).length - 1;
    try {
      await waitFor(() => (count('Watching') === 1 ? true : undefined), 'the first build', 60_000);
      expect(stdout).toContain('Indexed 1 file(s)');
      for (const name of ['ferry', 'pier', 'quay'])
        await writeFile(path.join(corpusDir, `${name}.md`), `# ${name}\n\nThe ${name} is long.\n`);
      await waitFor(() => (count('Watching') === 2 ? true : undefined), 'the rebuild', 60_000);
      expect(stdout).toContain('Indexed 4 file(s)');
      expect(stdout).toContain('Files: 3 added, 0 updated, 1 reused, 0 removed, 0 skipped.');
      expect(count('Corpus changed: rebuilding the index…')).toBe(1);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  }, 90_000);
});
