import { describe, expect, it } from 'vitest';
import type { AnswerTrace, PassageJudgement } from '../../src/answer/types.ts';
import {
  bestJudged,
  countDecisionMisses,
  decisionMiss,
  WRONG_ANSWERS,
  WRONG_DECLINES,
} from '../../src/eval/decision-miss.ts';
import { makePassage } from '../support/fake-index.ts';

const cron = makePassage({ ordinal: 0, text: 'Cron runs the jobs listed in the crontab.' });
const backup = makePassage({ ordinal: 1, text: 'Backups run at night.' });

function trace(judged: readonly PassageJudgement[], overrides: Partial<AnswerTrace> = {}): AnswerTrace {
  return {
    retrieved: [cron, backup],
    covering: [],
    ranked: [],
    unmentioned: null,
    judged,
    passageShare: () => 0,
    ...overrides,
  };
}

const lowCron: PassageJudgement = { passageId: cron.id, verdict: 'low-coverage', share: 0.32 };
const rareBackup: PassageJudgement = { passageId: backup.id, verdict: 'no-distinctive-term', share: 0.5 };

describe('decisionMiss', () => {
  it('GIVEN an answerable question answered or an unanswerable one declined THEN there is no miss', () => {
    expect(decisionMiss(trace([lowCron]), true, true, cron.id)).toBeNull();
    expect(decisionMiss(trace([lowCron]), false, false, null)).toBeNull();
  });

  it('GIVEN an answerable question declined THEN the cause is the verdict of the passage holding the largest share', () => {
    expect(decisionMiss(trace([lowCron, rareBackup]), true, false, null)).toEqual({
      kind: 'declined',
      cause: 'no-distinctive-term',
    });
    expect(bestJudged(trace([lowCron, rareBackup]))).toBe(rareBackup);
  });

  it('GIVEN a word the question names that no passage holds THEN that is the cause, whatever the passages', () => {
    const miss = decisionMiss(trace([rareBackup], { unmentioned: 'Docker' }), true, false, null);
    expect(miss?.cause).toBe('unmentioned');
  });

  it('GIVEN nothing retrieved THEN the cause is that, and there is no best passage', () => {
    expect(decisionMiss(trace([], { retrieved: [] }), true, false, null)).toEqual({
      kind: 'declined',
      cause: 'nothing-retrieved',
    });
    expect(bestJudged(trace([], { retrieved: [] }))).toBeNull();
  });

  it('GIVEN a covering passage and still a decline THEN no sentence was found to quote', () => {
    const covers: PassageJudgement = { passageId: cron.id, verdict: 'covers', share: 0.7 };
    expect(decisionMiss(trace([covers], { covering: [cron.id] }), true, false, null)?.cause).toBe('no-sentence');
  });

  it("GIVEN an unanswerable question answered THEN the first quote's passage tells how: by vector, or its word share", () => {
    const by = (judgement: PassageJudgement) => decisionMiss(trace([judgement, lowCron]), false, true, backup.id);
    expect(by({ passageId: backup.id, verdict: 'close', share: 0.1 })?.cause).toBe('close');
    expect(by({ passageId: backup.id, verdict: 'covers', share: 0.45 })?.cause).toBe('share-below-0.6');
    expect(by({ passageId: backup.id, verdict: 'covers', share: 0.6 })?.cause).toBe('share-0.6-0.8');
    expect(by({ passageId: backup.id, verdict: 'covers', share: 0.8 })).toEqual({
      kind: 'answered',
      cause: 'share-0.8+',
    });
  });
});

describe('countDecisionMisses', () => {
  it('GIVEN misses of both kinds THEN each list counts its own causes, in its order, zeros included', () => {
    const misses = [
      { kind: 'declined', cause: 'low-coverage' },
      null,
      { kind: 'answered', cause: 'share-below-0.6' },
      { kind: 'declined', cause: 'low-coverage' },
    ] as const;
    const declines = countDecisionMisses(WRONG_DECLINES, misses);
    expect(Object.keys(declines)).toEqual([...WRONG_DECLINES]);
    expect(declines).toMatchObject({ 'low-coverage': 2, unmentioned: 0 });
    expect(countDecisionMisses(WRONG_ANSWERS, misses)).toEqual({
      close: 0,
      'share-below-0.6': 1,
      'share-0.6-0.8': 0,
      'share-0.8+': 0,
    });
  });
});
