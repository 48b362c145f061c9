import { describe, expect, it } from 'vitest';
import {
  answerRank,
  longestCommonSubstringLength,
  normalizeForMatch,
  passageHoldsAnswer,
  quotesContainExpected,
  summarize,
  summarizeGroups,
  type QuestionOutcome,
} from '../../src/eval/metrics.ts';

function outcome(overrides: Partial<QuestionOutcome>): QuestionOutcome {
  return {
    id: 'q',
    question: 'question ?',
    language: 'fr',
    kind: null,
    split: null,
    answerable: true,
    answerRank: null,
    hasAnswerText: true,
    quoteHit: null,
    abstained: false,
    latencyMs: 10,
    ...overrides,
  };
}

describe('normalizeForMatch', () => {
  it('GIVEN accents, case, typographic apostrophes and re-wrapped lines THEN they no longer matter', () => {
    expect(normalizeForMatch('L’Intérieur\n  de  la FRANCE — «\u00a0oui\u00a0»')).toBe(
      `l'interieur de la france - " oui "`,
    );
  });
  it('GIVEN compatibility forms (a PDF ligature, full-width letters) THEN their plain letters', () => {
    expect(normalizeForMatch('La ﬁnale ＡＢＣ')).toBe('la finale abc');
  });
});

describe('longestCommonSubstringLength', () => {
  it('GIVEN two strings sharing a run THEN it is the run length', () => {
    expect(longestCommonSubstringLength('abcdefgh', 'xxcdefyy')).toBe(4);
  });

  it('GIVEN an empty string THEN 0', () => {
    expect(longestCommonSubstringLength('', 'abc')).toBe(0);
  });
});

describe('passageHoldsAnswer', () => {
  it('GIVEN a passage containing the answer with other accents and spacing THEN it holds it', () => {
    expect(
      passageHoldsAnswer(
        '… entre le ministre de l’Intérieur,\nM. Abdelouafi  Laftit, accompagné …',
        'M. Abdelouafi Laftit, accompagne',
      ),
    ).toBe(true);
  });

  it('GIVEN a passage holding the longer half of an answer cut at a passage boundary THEN it holds it', () => {
    const answer =
      'Conffiles est une liste de fichiers de configuration que le système de gestion de paquets n’écrasera pas';
    const passage =
      'fichiers de configuration que le système de gestion de paquets n’écrasera pas lors de la mise à jour.';
    expect(passageHoldsAnswer(passage, answer)).toBe(true);
  });

  it('GIVEN a passage sharing only a short common phrase THEN it does not hold the answer', () => {
    expect(
      passageHoldsAnswer(
        'Le ministre de l’Intérieur a parlé.',
        'le ministre de l’Intérieur, M. Abdelouafi Laftit, accompagné du ministre délégué',
      ),
    ).toBe(false);
  });

  it('GIVEN a short answer absent from the passage THEN it does not hold it, however much of it matches', () => {
    expect(passageHoldsAnswer('vendredi à Casablanca', 'vendredi à Rabat')).toBe(false);
  });
});

describe('answerRank', () => {
  it('GIVEN the answer in the second and third passages THEN rank 2', () => {
    expect(answerRank(['rien', 'à Rabat vendredi', 'Rabat vendredi encore'], 'Rabat vendredi')).toBe(2);
  });

  it('GIVEN no passage with the answer THEN null', () => {
    expect(answerRank(['rien', 'non plus'], 'Rabat')).toBeNull();
  });
});

describe('quotesContainExpected', () => {
  it('GIVEN one expected string inside one quote THEN true', () => {
    expect(quotesContainExpected(['Il a rencontré M. LAFTIT.'], ['Boutayeb', 'laftit'])).toBe(true);
  });

  it('GIVEN no quote THEN false', () => {
    expect(quotesContainExpected([], ['Laftit'])).toBe(false);
  });
});

describe('summarize', () => {
  it('GIVEN ranks, quotes and abstentions THEN every figure follows its definition', () => {
    const metrics = summarize([
      outcome({ answerRank: 1, quoteHit: true, latencyMs: 10 }),
      outcome({ answerRank: 4, quoteHit: false, latencyMs: 20 }),
      outcome({ answerRank: null, quoteHit: false, abstained: true, latencyMs: 30 }),
      outcome({ answerRank: 2, hasAnswerText: true, quoteHit: null, latencyMs: 40 }),
      outcome({ answerable: false, hasAnswerText: false, abstained: true, latencyMs: 50 }),
      outcome({ answerable: false, hasAnswerText: false, abstained: false, latencyMs: 60 }),
    ]);
    expect(metrics).toEqual({
      questions: 6,
      hit1: 1 / 4,
      hit5: 3 / 4,
      mrr: (1 + 1 / 4 + 0 + 1 / 2) / 4,
      quoteAccuracy: 1 / 3,
      abstainPrecision: 1 / 2,
      abstainRecall: 1 / 2,
      p50ms: 30,
      p95ms: 60,
    });
  });

  it('GIVEN only answerable questions the bot answered THEN the abstention figures are null, not 0', () => {
    const metrics = summarize([outcome({ answerRank: 1 })]);
    expect(metrics.abstainPrecision).toBeNull();
    expect(metrics.abstainRecall).toBeNull();
    expect(metrics.quoteAccuracy).toBeNull();
  });
});

describe('summarizeGroups', () => {
  it('GIVEN two languages and ungrouped outcomes THEN one summary per group, ungrouped left out', () => {
    const groups = summarizeGroups(
      [
        outcome({ language: 'fr', kind: 'heading', answerRank: 1 }),
        outcome({ language: 'en', answerRank: null }),
        outcome({ language: 'fr', kind: 'paraphrase', answerRank: 3 }),
      ],
      (item) => item.kind,
    );
    expect(Object.keys(groups)).toEqual(['heading', 'paraphrase']);
    expect(groups.heading?.hit1).toBe(1);
    expect(groups.paraphrase?.hit5).toBe(1);
  });
});
