import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assignSplits, parseQaSet, readQaSet } from '../../src/eval/qa.ts';
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

describe('assignSplits', () => {
  it('GIVEN answerable and unanswerable questions THEN each stratum alternates dev, test in file order', () => {
    const items = parseQaSet(
      [
        '{"question":"a1"}',
        '{"question":"u1","answerable":false}',
        '{"question":"a2"}',
        '{"question":"a3"}',
        '{"question":"u2","answerable":false}',
      ].join('\n'),
      'set.jsonl',
    );
    expect(assignSplits(items)).toEqual(['dev', 'dev', 'test', 'dev', 'test']);
  });

  it('GIVEN a bad split value THEN EVAL_SET_INVALID says dev or test', () => {
    expect(() => parseQaSet('{"question":"q","split":"train"}', 'set.jsonl')).toThrow(/split must be dev or test/);
  });
});

describe('the committed evaluation sets', () => {
  const root = path.resolve(import.meta.dirname, '../..');
  const sets = JSON.parse(readFileSync(path.join(root, 'eval', 'sets.json'), 'utf8')) as Array<{
    name: string;
    qa: string;
  }>;

  it.each(sets.map((set) => [set.name, set.qa] as const))(
    'GIVEN %s THEN every question carries the split assignSplits gives it (dev/test halves, stratified)',
    async (_name, qa) => {
      const items = await readQaSet(path.join(root, qa));
      expect(items.map((item) => item.split)).toEqual(assignSplits(items));
    },
  );
});
