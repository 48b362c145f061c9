import { describe, expect, it } from 'vitest';
import type { AnswerTrace } from '../../src/answer/types.ts';
import { countQuoteLosses, QUOTE_LOSSES, quoteLoss } from '../../src/eval/quote-loss.ts';
import { makePassage } from '../support/fake-index.ts';

const backups = makePassage({
  ordinal: 0,
  text: 'Backups run at night. They are kept for “thirty days” on the second disk.',
});
const restore = makePassage({ ordinal: 1, text: 'To restore a file, copy it back from the second disk.' });
const expected = ['Kept for "Thirty days"'];

function trace(overrides: Partial<AnswerTrace>): AnswerTrace {
  return {
    retrieved: [restore, backups],
    covering: [restore.id, backups.id],
    ranked: [],
    unmentioned: null,
    judged: [],
    passageShare: () => 0,
    ...overrides,
  };
}

/** Ranked sentences in the order given, each with the id of the passage that holds it. */
function ranked(...texts: string[]) {
  return texts.map((text) => ({ passageId: backups.text.includes(text) ? backups.id : restore.id, text }));
}

describe('quoteLoss', () => {
  it('GIVEN no retrieved passage holding the expected text THEN it was not retrieved', () => {
    expect(quoteLoss(trace({ retrieved: [restore] }), expected, true)).toBe('not-retrieved');
  });

  it('GIVEN a retrieved passage holding it and a declined question THEN it was declined', () => {
    expect(quoteLoss(trace({ covering: [] }), expected, false)).toBe('declined');
  });

  it('GIVEN only a passage judged not covering holds it THEN it was not covering', () => {
    expect(quoteLoss(trace({ covering: [restore.id] }), expected, true)).toBe('not-covering');
  });

  it('GIVEN a covering passage holds it but no ranked sentence does THEN it is in no sentence', () => {
    const sentences = ranked('To restore a file, copy it back from the second disk.', 'Backups run at night.');
    expect(quoteLoss(trace({ ranked: sentences }), expected, true)).toBe('no-sentence');
  });

  it('GIVEN the sentence holding it at each rank THEN the rank bucket, typography and case aside', () => {
    const answering = 'They are kept for “thirty days” on the second disk.';
    const others = Array.from({ length: 11 }, (_, i) => `To restore file ${i}, copy it back.`);
    const at = (rank: number) => {
      const texts = [...others.slice(0, rank - 1), answering, ...others.slice(rank - 1)];
      return quoteLoss(trace({ ranked: ranked(...texts) }), expected, true);
    };
    expect([1, 2, 3, 4, 10, 11, 12].map(at)).toEqual([
      'ranked-1',
      'ranked-2-3',
      'ranked-2-3',
      'ranked-4-10',
      'ranked-4-10',
      'ranked-11+',
      'ranked-11+',
    ]);
  });

  it('GIVEN an expected text spanning two sentences THEN the sentence it starts with counts', () => {
    const spanning = ['Backups run at night. They are kept'];
    const sentences = ranked('To restore a file, copy it back from the second disk.', 'Backups run at night.');
    expect(quoteLoss(trace({ ranked: sentences }), spanning, true)).toBe('ranked-2-3');
  });

  it('GIVEN a sentence of a passage that is not covering THEN it does not count as ranked', () => {
    const notCovering = makePassage({ ordinal: 2, text: backups.text });
    const sentences = [{ passageId: notCovering.id, text: 'They are kept for “thirty days” on the second disk.' }];
    const result = quoteLoss(trace({ retrieved: [backups, notCovering], ranked: sentences }), expected, true);
    expect(result).toBe('no-sentence');
  });
});

describe('countQuoteLosses', () => {
  it('GIVEN losses and hits THEN every stage is counted in pipeline order, hits left out', () => {
    const counts = countQuoteLosses(['declined', null, 'ranked-2-3', 'declined']);
    expect(Object.keys(counts)).toEqual([...QUOTE_LOSSES]);
    expect(counts).toMatchObject({ declined: 2, 'ranked-2-3': 1, 'not-retrieved': 0 });
  });
});
