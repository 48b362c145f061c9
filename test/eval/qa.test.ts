import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseQaSet, readQaSet } from '../../src/eval/qa.ts';
import { temporaryFolder } from '../support/temp.ts';

describe('parseQaSet', () => {
  it('GIVEN valid lines and blank lines THEN items with defaults and line-number ids', () => {
    const text = [
      '{"question":"Qui ?","answer":"Laftit","expect":["Laftit"],"lang":"fr","kind":"paraphrase"}',
      '',
      '{"id":"u1","question":"Combien ?","answerable":false}',
    ].join('\n');
    expect(parseQaSet(text, 'set.jsonl')).toEqual([
      {
        id: 'line-1',
        question: 'Qui ?',
        answer: 'Laftit',
        expect: ['Laftit'],
        answerable: true,
        lang: 'fr',
        kind: 'paraphrase',
      },
      { id: 'u1', question: 'Combien ?', answerable: false },
    ]);
  });

  it('GIVEN bad lines THEN EVAL_SET_INVALID names each line and why', () => {
    const text = [
      '{"question":"ok"}',
      'not json',
      '{"question":""}',
      '{"question":"x","colour":"red"}',
      '{"question":"y","answerable":false,"expect":["z"]}',
    ].join('\n');
    expect(() => parseQaSet(text, 'set.jsonl')).toThrow(
      /set\.jsonl: line 2: not JSON.*line 3: question must not be empty.*line 4: .*colour.*line 5: an unanswerable question cannot have/s,
    );
  });

  it('GIVEN two lines with the same id THEN EVAL_SET_INVALID', () => {
    expect(() => parseQaSet('{"id":"a","question":"x"}\n{"id":"a","question":"y"}', 's')).toThrow(
      /line 2: id "a" is used twice/,
    );
  });

  it('GIVEN a file without any question THEN EVAL_SET_INVALID', () => {
    expect(() => parseQaSet('\n\n', 'empty.jsonl')).toThrow(/empty\.jsonl: no question/);
  });
});

describe('readQaSet', () => {
  it('GIVEN a missing file THEN EVAL_SET_INVALID naming it', async () => {
    const folder = await temporaryFolder();
    await expect(readQaSet(path.join(folder, 'none.jsonl'))).rejects.toThrow(/none\.jsonl cannot be read \(ENOENT\)/);
  });

  it('GIVEN the committed evaluation sets THEN they all parse', async () => {
    for (const name of ['seed-fr.jsonl', 'debian-faq-fr.jsonl', 'python-faq-en.jsonl']) {
      const items = await readQaSet(path.join('eval', name));
      expect(items.length, name).toBeGreaterThan(20);
    }
    const folder = await temporaryFolder();
    await writeFile(path.join(folder, 'one.jsonl'), '{"question":"x"}\n');
    expect(await readQaSet(path.join(folder, 'one.jsonl'))).toHaveLength(1);
  });
});
