import { readFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { buildIndex, openKnowledgeBase } from '../../src/pipeline/index.ts';
import { temporaryFolder } from '../support/temp.ts';

const silent = pino({ level: 'silent' });

describe('openKnowledgeBase (plain text)', () => {
  it('GIVEN a structured txt file THEN a quote is the file letter for letter, cited with its numbered section', async () => {
    const manual = await readFile(new URL('../fixtures/ingest/manual.txt', import.meta.url), 'utf8');
    const folder = await temporaryFolder();
    const corpusDir = path.join(folder, 'corpus');
    await mkdir(corpusDir);
    await writeFile(path.join(corpusDir, 'manual.txt'), manual);
    const indexPath = path.join(folder, 'index.citebot');
    await buildIndex({ corpusDir, outPath: indexPath, language: 'auto', embedder: null, maxFileBytes: 1_000_000 });
    const knowledgeBase = await openKnowledgeBase({
      indexPath,
      embedder: null,
      logger: silent,
      watch: false,
      corpusDir,
    });

    const answer = await knowledgeBase.ask('Comment accède-t-on au phare à marée basse ?');
    expect(answer.answered).toBe(true);
    const quote = answer.quotes[0]!;
    expect(manual.slice(quote.start, quote.end)).toBe(quote.text);
    expect(quote.text).toContain('marée basse');
    const source = answer.sources.find((cited) => cited.n === quote.source);
    expect(source?.section).toEqual(['1. Présentation', '1.1. Accès au phare']);
    expect(quote.lines).toEqual([14, 15]);
    await knowledgeBase.close();
  });
});
