import { describe, expect, it } from 'vitest';
import {
  compareRuns,
  formatComparison,
  parseSavedRun,
  serializeRun,
  signTestP,
  succeeds,
  type SavedOutcome,
} from '../../src/eval/compare.ts';
import { CitebotError } from '../../src/errors.ts';

function outcome(overrides: Partial<SavedOutcome>): SavedOutcome {
  return {
    set: 'faq',
    id: 'q1',
    split: 'dev',
    answerable: true,
    hasAnswerText: true,
    answerRank: 1,
    quoteHit: true,
    abstained: false,
    ...overrides,
  };
}

function thrown(action: () => unknown): CitebotError {
  try {
    action();
  } catch (error) {
    if (error instanceof CitebotError) return error;
    throw error;
  }
  throw new Error('nothing was thrown');
}

describe('signTestP', () => {
  it('GIVEN no flip THEN 1', () => {
    expect(signTestP(0, 0)).toBe(1);
  });
  it('GIVEN five flips all one way THEN 2 × (1/2)^5', () => {
    expect(signTestP(5, 0)).toBeCloseTo(0.0625, 10);
    expect(signTestP(0, 5)).toBeCloseTo(0.0625, 10);
  });
  it('GIVEN three flips one way and one the other THEN 2 × (1 + 4) / 16', () => {
    expect(signTestP(3, 1)).toBeCloseTo(0.625, 10);
  });
  it('GIVEN an even split THEN capped at 1', () => {
    expect(signTestP(4, 4)).toBe(1);
  });
  it('GIVEN hundreds of flips THEN a finite probability (no factorial overflow)', () => {
    const p = signTestP(400, 300);
    expect(Number.isFinite(p)).toBe(true);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(0.001);
  });
});

describe('succeeds', () => {
  it('GIVEN the answer passage at rank 3 THEN hit@1 fails and source@5 succeeds', () => {
    const third = outcome({ answerRank: 3 });
    expect(succeeds(third, 'hit@1')).toBe(false);
    expect(succeeds(third, 'source@5')).toBe(true);
    expect(succeeds(outcome({ answerRank: 6 }), 'source@5')).toBe(false);
  });
  it('GIVEN an unanswerable question THEN retrieval is not measured and declining is the right decision', () => {
    const unanswerable = outcome({ answerable: false, hasAnswerText: false, answerRank: null, quoteHit: null });
    expect(succeeds(unanswerable, 'hit@1')).toBeNull();
    expect(succeeds(unanswerable, 'quote')).toBeNull();
    expect(succeeds(unanswerable, 'decision')).toBe(false);
    expect(succeeds({ ...unanswerable, abstained: true }, 'decision')).toBe(true);
  });
  it('GIVEN an answerable question declined THEN the decision fails', () => {
    expect(succeeds(outcome({ abstained: true }), 'decision')).toBe(false);
  });
});

describe('compareRuns', () => {
  it('GIVEN one question gained and one lost THEN both are named, per set and over all sets', () => {
    const before = [
      outcome({ id: 'a', quoteHit: false }),
      outcome({ id: 'b', quoteHit: true }),
      outcome({ set: 'docs', id: 'a', quoteHit: true }),
    ];
    const after = [
      outcome({ id: 'a', quoteHit: true }),
      outcome({ id: 'b', quoteHit: false }),
      outcome({ set: 'docs', id: 'a', quoteHit: true }),
    ];
    const groups = compareRuns(before, after);
    expect(groups.map(({ group }) => group)).toEqual(['faq', 'docs', 'all sets']);
    const faqQuote = groups[0]?.measures.find(({ measure }) => measure === 'quote');
    expect(faqQuote).toMatchObject({ paired: 2, better: ['a'], worse: ['b'], p: 1 });
    const docsQuote = groups[1]?.measures.find(({ measure }) => measure === 'quote');
    expect(docsQuote).toMatchObject({ paired: 1, better: [], worse: [] });
    expect(groups[2]?.measures.find(({ measure }) => measure === 'quote')?.paired).toBe(3);
  });
  it('GIVEN the same id in two sets THEN they are not paired with each other', () => {
    const groups = compareRuns(
      [outcome({ set: 'faq', id: 'x', answerRank: 1 })],
      [outcome({ set: 'docs', id: 'x', answerRank: 9 })],
    );
    expect(groups.at(-1)?.measures.every(({ paired }) => paired === 0)).toBe(true);
  });
  it('GIVEN a question only in the new run THEN it is left out of the pairs', () => {
    const groups = compareRuns([], [outcome({ id: 'new' })]);
    expect(groups[0]?.measures.every(({ paired }) => paired === 0)).toBe(true);
  });
});

describe('serializeRun', () => {
  it('GIVEN outcomes with extra fields THEN parseSavedRun gives back the measured fields only', () => {
    const saved = { ...outcome({ id: 'q9', answerRank: null, quoteHit: null }), question: 'why?', latencyMs: 3 };
    const text = serializeRun([saved]);
    expect(text.endsWith('\n')).toBe(true);
    expect(parseSavedRun(text, 'run.json')).toEqual([outcome({ id: 'q9', answerRank: null, quoteHit: null })]);
  });
});

describe('parseSavedRun', () => {
  it('GIVEN text that is not JSON THEN EVAL_RUN_INVALID names the file', () => {
    const error = thrown(() => parseSavedRun('{"version": 1, "outc', 'old.json'));
    expect(error.code).toBe('EVAL_RUN_INVALID');
    expect(error.message).toContain('old.json: not JSON');
  });
  it('GIVEN an eval --json report instead of a saved run THEN EVAL_RUN_INVALID says how to write one', () => {
    const error = thrown(() => parseSavedRun(JSON.stringify({ questions: 25, hit1: 0.3 }), 'report.json'));
    expect(error.code).toBe('EVAL_RUN_INVALID');
    expect(error.message).toContain('report.json at version');
    expect(error.message).toContain('npm run eval -- --save FILE');
  });
  it('GIVEN an outcome with a bad field THEN EVAL_RUN_INVALID points at it', () => {
    const text = JSON.stringify({ version: 1, outcomes: [{ ...outcome({}), answerRank: 0 }] });
    expect(thrown(() => parseSavedRun(text, 'run.json')).message).toContain('run.json at outcomes.0.answerRank');
  });
});

describe('formatComparison', () => {
  const groups = compareRuns(
    [outcome({ id: 'a', answerRank: 2 }), outcome({ id: 'b' })],
    [outcome({ id: 'a', answerRank: 1 }), outcome({ id: 'b' })],
  );
  it('GIVEN one question gained on hit@1 THEN its row reads +1/−0 with p = 1', () => {
    const text = formatComparison(groups, { listIds: false });
    expect(text).toMatch(/^faq\s+\+1\/−0 1\.00/mu);
    expect(text).toMatch(/^all sets\s+\+1\/−0 1\.00/mu);
    expect(text).not.toContain('Flipped questions');
  });
  it('GIVEN runs sharing no question (another half) THEN it says so instead of an empty comparison', () => {
    const apart = compareRuns([outcome({ id: 'dev-1', split: 'dev' })], [outcome({ id: 'test-1', split: 'test' })]);
    expect(formatComparison(apart, { listIds: false })).toContain('No question is in both runs');
    expect(formatComparison(groups, { listIds: false })).not.toContain('No question is in both runs');
  });
  it('GIVEN listIds THEN the flipped question is named with its set and measure', () => {
    expect(formatComparison(groups, { listIds: true })).toContain('  faq hit@1: +a');
  });
});
