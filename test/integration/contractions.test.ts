import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { buildIndex, openKnowledgeBase } from '../../src/pipeline/index.ts';
import { temporaryFolder } from '../support/temp.ts';

describe('retrieval over an index on disk (English contractions)', () => {
  it('GIVEN a question full of contractions THEN the passage sharing its words ranks first, one sharing only contractions is not found', async () => {
    const folder = await temporaryFolder();
    const corpusDir = path.join(folder, 'corpus');
    await mkdir(corpusDir);
    // Before contractions were analysed, "isn't" and "doesn't" left the terms isn, doesn and t, which this
    // chatty page holds more of than the page that answers holds the question's one real word.
    await writeFile(
      path.join(corpusDir, 'chat.txt'),
      "Don't panic. It isn't broken, it doesn't matter, and we haven't lost anything: it's fine, isn't it?\n",
    );
    await writeFile(
      path.join(corpusDir, 'lockfile.txt'),
      'Run the install command again to refresh a stale lockfile before you commit it.\n',
    );
    const indexPath = path.join(folder, 'index.citebot');
    await buildIndex({ corpusDir, outPath: indexPath, language: 'en', embedder: null, maxFileBytes: 1_000_000 });
    const knowledgeBase = await openKnowledgeBase({
      indexPath,
      corpusDir,
      embedder: null,
      logger: pino({ level: 'silent' }),
      watch: false,
    });
    try {
      const hits = knowledgeBase
        .index()
        .search({ text: "my lockfile isn't refreshed, why doesn't it?", vector: null, limit: 5 });
      expect(hits.map((hit) => hit.passage.path)).toEqual(['lockfile.txt']);
      const answer = await knowledgeBase.ask("my lockfile isn't refreshed, why doesn't it?");
      expect(answer.answered).toBe(true);
      expect(answer.quotes[0]?.text).toContain('refresh a stale lockfile');
    } finally {
      await knowledgeBase.close();
    }
  });
});
