import { describe, expect, it } from 'vitest';
import { buildGapsReport, renderGapsMarkdown } from '../../src/feedback/gaps.ts';
import type { AnswerRecord, JudgedAnswer } from '../../src/feedback/types.ts';

const now = new Date('2026-06-30T12:00:00Z');
const guild = '1200000000000000001';
const harbourHours = { path: 'harbour.md', title: 'Harbour rules', section: ['Harbour rules', 'Opening hours'] };
const harbourMooring = { path: 'harbour.md', title: 'Harbour rules', section: ['Harbour rules', 'Mooring'] };

let counter = 0;
const judged = (
  overrides: Partial<AnswerRecord>,
  votes: { helpful?: number; unhelpful?: number } = {},
): JudgedAnswer => ({
  record: {
    kind: 'answer',
    at: '2026-06-29T10:00:00.000Z',
    answerId: `a${counter++}`,
    question: 'When does the harbour open?',
    answered: false,
    via: 'slash',
    guildId: guild,
    place: harbourHours,
    ...overrides,
  },
  helpful: votes.helpful ?? 0,
  unhelpful: votes.unhelpful ?? 0,
});

describe('buildGapsReport', () => {
  it('GIVEN uncovered questions and voted answers THEN they are grouped by nearest section, most frequent first', () => {
    const report = buildGapsReport(
      [
        judged({ question: 'Can I moor overnight?', place: harbourMooring }),
        judged({ question: 'Is the harbour open on Sunday?' }),
        judged({ question: 'is the harbour open on sunday' }),
        judged({ question: 'Is the harbour open on Sunday ?', at: '2026-06-29T11:00:00.000Z' }),
        judged({ question: 'When does the harbour close?', answered: true }, { unhelpful: 2, helpful: 1 }),
        // Answered and judged helpful on balance: not a gap.
        judged({ question: 'When does the harbour open?', answered: true }, { unhelpful: 1, helpful: 3 }),
        judged({ question: 'Quel temps fera-t-il ?', place: null }),
      ],
      { days: 30, now },
    );
    expect(report.uncoveredQuestions).toBe(5);
    expect(report.unhelpfulAnswers).toBe(1);
    expect(report.groups.map((group) => [group.place?.section.at(-1) ?? null, group.weight])).toEqual([
      ['Opening hours', 5],
      ['Mooring', 1],
      [null, 1],
    ]);
    expect(report.groups[0]?.questions).toEqual([
      {
        question: 'Is the harbour open on Sunday ?',
        uncovered: 3,
        unhelpfulVotes: 0,
        helpfulVotes: 0,
        lastAt: '2026-06-29T11:00:00.000Z',
      },
      {
        question: 'When does the harbour close?',
        uncovered: 0,
        unhelpfulVotes: 2,
        helpfulVotes: 1,
        lastAt: '2026-06-29T10:00:00.000Z',
      },
    ]);
  });

  it('GIVEN a window and a guild THEN older questions and other servers’ questions are left out', () => {
    const report = buildGapsReport(
      [
        judged({ at: '2026-05-01T10:00:00.000Z' }),
        judged({ guildId: '1200000000000000999' }),
        judged({ guildId: null }),
        judged({ question: 'Kept' }),
      ],
      { days: 7, now, guildId: guild },
    );
    expect(report.groups.flatMap((group) => group.questions.map((question) => question.question))).toEqual(['Kept']);
  });
});

describe('renderGapsMarkdown', () => {
  it('GIVEN a report THEN the Markdown lists groups with counts, links and escaped questions', () => {
    const report = buildGapsReport(
      [
        judged({ question: 'Is the *harbour* open <b>on</b> Sunday?' }),
        judged({ question: 'Is the *harbour* open <b>on</b> Sunday?' }),
        judged({ question: 'When does it close?', answered: true, place: harbourMooring }, { unhelpful: 1 }),
      ],
      { days: 30, now },
    );
    const markdown = renderGapsMarkdown(report, {
      language: 'en',
      linkOf: (place) =>
        place.section.at(-1) === 'Opening hours' ? 'https://docs.example.org/harbour#opening-hours' : undefined,
    });
    expect(markdown).toBe(
      [
        '# Knowledge gaps',
        '',
        'Last 30 days (2026-05-31 – 2026-06-30, UTC).',
        '2 questions not covered by the documents · 1 answer voted not helpful.',
        '',
        'Grouped by the nearest document and section, most frequent first: a to-do list for whoever writes the documents.',
        '',
        '## 1. Harbour rules › Opening hours (2)',
        '',
        '`harbour.md` — <https://docs.example.org/harbour#opening-hours>',
        '',
        '- **2** — Is the \\*harbour\\* open \\<b\\>on\\</b\\> Sunday? — *not covered ×2*',
        '',
        '## 2. Harbour rules › Mooring (1)',
        '',
        '`harbour.md`',
        '',
        '- **1** — When does it close? — *voted not helpful (👎 1 · 👍 0)*',
        '',
      ].join('\n'),
    );
  });

  it('GIVEN no gaps THEN it says so, in French for a French reader', () => {
    const markdown = renderGapsMarkdown(buildGapsReport([], { days: 1, now }), { language: 'fr' });
    expect(markdown).toContain('1 dernier jour (du 2026-06-29 au 2026-06-30, UTC).');
    expect(markdown).toContain('Rien à signaler');
  });

  it('GIVEN a length cap THEN groups stop before it and a line says how many were left out', () => {
    const many = Array.from({ length: 300 }, (_, n) =>
      judged({ question: `Question ${n}`, place: { path: `doc-${n}.md`, title: `Doc ${n}`, section: [] } }),
    );
    const markdown = renderGapsMarkdown(buildGapsReport(many, { days: 30, now }), { language: 'en', maxLength: 4000 });
    expect(markdown.length).toBeLessThanOrEqual(4000);
    expect(markdown).toMatch(/… \d+ more groups: `npm run gaps` prints them all\.\n$/);
  });
});
