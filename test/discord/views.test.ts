import { describe, expect, it } from 'vitest';
import type { Answer, Source } from '../../src/answer/types.ts';
import { escapeDocumentText, fitText, unescapeDocumentText } from '../../src/discord/escape.ts';
import { listDocuments } from '../../src/discord/catalog.ts';
import { formatAnswer } from '../../src/discord/views/answer.ts';
import { formatDocumentPage, MAX_FILTER_LENGTH, parsePageButton } from '../../src/discord/views/document-page.ts';
import { formatDocument } from '../../src/discord/views/document.ts';
import { formatHelp } from '../../src/discord/views/help.ts';
import { formatSourcePassages } from '../../src/discord/views/source-passages.ts';
import type { IndexManifest } from '../../src/index/types.ts';
import { limitViolations } from '../support/discord-limits.ts';
import { makePassage } from '../support/fake-index.ts';

function source(n: number, fields: Partial<Source> = {}): Source {
  return {
    n,
    passageId: `doc-${n}.md#0`,
    title: `Document ${n}`,
    path: `doc-${n}.md`,
    section: ['Chapter'],
    lines: [n, n + 2],
    score: 1 / n,
    text: `Passage ${n}. It says something.`,
    ...fields,
  };
}

function answer(fields: Partial<Answer> = {}): Answer {
  return {
    question: 'What does it say?',
    answered: true,
    language: 'en',
    mode: 'hybrid',
    quotes: [{ text: 'Passage 1.', source: 1, start: 0, end: 10, lines: [1, 1] }],
    sources: [source(1)],
    ...fields,
  };
}

// One sentence far longer than an embed can hold.
const HUGE_SENTENCE = `${'word '.repeat(2000)}end.`;

describe('escapeDocumentText', () => {
  it('GIVEN @everyone, @here and raw mentions THEN none can ping or render as a mention', () => {
    const escaped = escapeDocumentText(
      'Hi @everyone and @here, see <@123456789012345678>, <@!1>, <@&2>, <#3> and </ask:4>.',
    );
    expect(escaped).not.toMatch(/@everyone|@here|<@|<#|<\//);
    expect(escaped.replaceAll('\u200b', '')).toBe(
      'Hi @everyone and @here, see <@123456789012345678>, <@!1>, <@&2>, <#3> and </ask:4>.',
    );
  });

  it('GIVEN markdown THEN every marker is escaped so it reads literally', () => {
    expect(escapeDocumentText('**bold** _it_ ~~s~~ `code` ||spoiler|| [x](https://e.com)')).toBe(
      '\\*\\*bold\\*\\* \\_it\\_ \\~\\~s\\~\\~ \\`code\\` \\|\\|spoiler\\|\\| \\[x\\](<https://e.com>)',
    );
  });

  it('GIVEN runs of marker characters THEN every one is escaped (escapeMarkdown alone leaves `**` of seven)', () => {
    expect(escapeDocumentText('*******')).toBe('\\*'.repeat(7));
    expect(escapeDocumentText('a ~~~ b ||| c ___')).toBe('a \\~\\~\\~ b \\|\\|\\| c \\_\\_\\_');
  });

  it('GIVEN `+` bullets and `1)` lists at line starts THEN they are escaped too, and mid-line they are left alone', () => {
    expect(escapeDocumentText('+ plus\n2) two\nsee 2) and + here')).toBe('\\+ plus\n2\\) two\nsee 2) and + here');
  });

  it('GIVEN block markdown at line starts THEN headings, quotes, lists and subtext are escaped', () => {
    expect(escapeDocumentText('# Title\n> quoted\n- item\n1. first\n-# small')).toBe(
      '\\# Title\n\\> quoted\n\\- item\n1\\. first\n\\-# small',
    );
  });

  it('GIVEN a URL THEN it is kept intact and wrapped in <> so no preview unfurls', () => {
    expect(escapeDocumentText('See https://example.com/a_b_c?x=1. Then stop.')).toBe(
      'See <https://example.com/a_b_c?x=1>. Then stop.',
    );
  });

  it('GIVEN a URL inside code, emphasis or a table cell THEN the markdown around it stays out of the link', () => {
    expect(escapeDocumentText('Run `curl https://example.com/api` now')).toBe(
      'Run \\`curl <https://example.com/api>\\` now',
    );
    expect(escapeDocumentText('**https://example.com/a**')).toBe('\\*\\*<https://example.com/a>\\*\\*');
    expect(escapeDocumentText('|https://example.com|')).toBe('\\|<https://example.com>\\|');
  });
});

describe('unescapeDocumentText', () => {
  it('GIVEN escaped text THEN it reads back exactly as written', () => {
    const text = '# Q: *why* @everyone <@1> [x](https://e.com/a_b) 1. ok_';
    expect(unescapeDocumentText(escapeDocumentText(text))).toBe(text);
  });
});

describe('fitText', () => {
  it('GIVEN text that fits THEN it is returned escaped and untrimmed', () => {
    expect(fitText('Short *one*.', 100)).toEqual({ text: 'Short \\*one\\*.', trimmed: false });
  });

  it('GIVEN several sentences over budget THEN it cuts after the last sentence that fits', () => {
    const fitted = fitText('First sentence here. Second sentence here. Third sentence that is long.', 50);
    expect(fitted).toEqual({ text: 'First sentence here. Second sentence here. …', trimmed: true });
  });

  it('GIVEN one very long sentence THEN it cuts at a word boundary within budget', () => {
    const fitted = fitText(HUGE_SENTENCE, 100);
    expect(fitted.text.length).toBeLessThanOrEqual(100);
    expect(fitted.text).toMatch(/^(word )+word …$/);
  });

  it('GIVEN escaping that lengthens the text THEN the escaped result still fits', () => {
    const fitted = fitText('*'.repeat(500), 101);
    expect(fitted.text.length).toBeLessThanOrEqual(101);
    expect(fitted.text).toMatch(/^(\\\*)+ …$/);
  });
});

describe('formatAnswer', () => {
  it('GIVEN an answer THEN quotes are block quotes with [n], sources list title · section · lines, and a Sources button', () => {
    const body = formatAnswer(
      answer({ quotes: [{ text: 'Passage 1.', source: 1, start: 0, end: 10, lines: [1, 1] }], sources: [source(1)] }),
    );
    expect(body.embeds[0]?.title).toBe('What does it say?');
    expect(body.embeds[0]?.description).toBe('> Passage 1. **[1]**');
    expect(body.embeds[0]?.fields).toEqual([{ name: 'Sources', value: '**[1]** Document 1 · Chapter · lines 1–3' }]);
    expect(body.components[0]?.components[0]).toMatchObject({ custom_id: 'ask:sources', label: 'Sources' });
    expect(body.allowedMentions).toEqual({ parse: [] });
  });

  it('GIVEN a code quote THEN it is a code block, line breaks kept, a fence inside it broken', () => {
    const body = formatAnswer(
      answer({
        quotes: [{ text: 'echo ```\nnpm ci', source: 1, start: 0, end: 15, lines: [1, 2], code: true }],
        sources: [source(1)],
      }),
    );
    expect(body.embeds[0]?.description).toBe('```\necho `\u200b``\nnpm ci\n``` **[1]**');
  });

  it('GIVEN an unanswered question with no passage near it THEN it says so without announcing nearest passages', () => {
    const body = formatAnswer(answer({ answered: false, quotes: [], sources: [] }));
    expect(body.embeds[0]?.description).toBe('The documents do not answer this question.');
    expect(body.components).toEqual([]);
  });

  it('GIVEN a miss whose passages are in the other language THEN the reply says which language may find it', () => {
    const body = formatAnswer(answer({ answered: false, quotes: [], sources: [source(1)], documentsLanguage: 'fr' }));
    expect(body.embeds[0]?.description).toMatch(
      new RegExp(
        '^The documents do not answer this question\\. The passages found are in French: asked in French, ' +
          'the question may find its answer\\. The nearest passages:',
        'u',
      ),
    );
  });

  it('GIVEN a miss on something no passage mentions THEN the reply names it, escaped', () => {
    const body = formatAnswer(answer({ answered: false, quotes: [], sources: [source(1)], unmentioned: 'git_lab' }));
    expect(body.embeds[0]?.description).toMatch(
      /^The documents do not answer this question\. No passage mentions “git\\_lab”\. The nearest passages:/u,
    );
  });

  it('GIVEN a miss on a name the nearest passages lack THEN the reply names it, escaped', () => {
    const body = formatAnswer(answer({ answered: false, quotes: [], sources: [source(1)], unnamed: 'Py_thon' }));
    expect(body.embeds[0]?.description).toMatch(
      /^The documents do not answer this question\. The passages closest to the question do not mention “Py\\_thon”\. The nearest passages:/u,
    );
  });

  it('GIVEN a French answer THEN the wording around the quotes is French', () => {
    const body = formatAnswer(answer({ language: 'fr', sources: [source(1, { lines: [4, 4] })] }));
    expect(body.embeds[0]?.fields?.[0]?.value).toBe('**[1]** Document 1 · Chapter · ligne 4');
  });

  it('GIVEN an unanswered question THEN it says so and shows excerpts of the nearest passages', () => {
    const body = formatAnswer(
      answer({ answered: false, quotes: [], sources: [source(1), source(2, { text: HUGE_SENTENCE })] }),
    );
    const description = body.embeds[0]?.description ?? '';
    expect(description.startsWith('The documents do not answer this question. The nearest passages:')).toBe(true);
    expect(description).toContain('> Passage 1. It says something. **[1]**');
    expect(description).toMatch(/> (word )+word … \*\*\[2\]\*\*/);
    expect(limitViolations(body)).toEqual([]);
  });

  it('GIVEN quotes from a document with @everyone, mentions and markdown THEN they are escaped', () => {
    const body = formatAnswer(
      answer({ quotes: [{ text: '@everyone **read** <@42> now.', source: 1, start: 0, end: 30, lines: [1, 1] }] }),
    );
    expect(body.embeds[0]?.description).toBe('> @\u200beveryone \\*\\*read\\*\\* <\u200b@42> now. **[1]**');
  });

  it('GIVEN quotes longer than an embed holds THEN it keeps whole quotes, cuts the next at a boundary with its citation, and points to Sources', () => {
    const quotes = Array.from({ length: 12 }, (_, i) => ({
      text: `${'Long sentence number '.repeat(20)}${i}.`,
      source: 1 + (i % 3),
      start: 0,
      end: 1,
      lines: [1, 1] as const,
    }));
    const body = formatAnswer(answer({ quotes, sources: [source(1), source(2), source(3)] }));
    const description = body.embeds[0]?.description ?? '';
    expect(limitViolations(body)).toEqual([]);
    expect(description.endsWith('*Answer shortened: the **Sources** button shows the full passages.*')).toBe(true);
    const blocks = description.split('\n\n').slice(0, -1);
    const whole = blocks.slice(0, -1);
    const cut = blocks.at(-1) ?? '';
    // The first quotes whole, in order, each with its own citation…
    expect(whole).toEqual(quotes.slice(0, whole.length).map((quote) => `> ${quote.text} **[${quote.source}]**`));
    expect(whole.length).toBeGreaterThan(0);
    // …then the next one cut between two words, still cited.
    const next = quotes[whole.length]!;
    const [, kept, cited] = /^> (.+) … \*\*\[(\d+)\]\*\*$/u.exec(cut) ?? [];
    expect(cited).toBe(String(next.source));
    expect(next.text.startsWith(`${kept} `)).toBe(true);
  });

  it('GIVEN a single sentence longer than 4,096 characters THEN the description stays within limits', () => {
    const body = formatAnswer(
      answer({ quotes: [{ text: HUGE_SENTENCE, source: 1, start: 0, end: 1, lines: [1, 1] }] }),
    );
    expect(limitViolations(body)).toEqual([]);
    expect(body.embeds[0]?.description).toMatch(/^> (word )+word … \*\*\[1\]\*\*/);
  });

  it('GIVEN 40 sources with long titles and a 1,000-character question THEN every limit holds', () => {
    const sources = Array.from({ length: 40 }, (_, i) =>
      source(i + 1, { title: 'T'.repeat(300), section: ['S'.repeat(300), 'U'.repeat(300)] }),
    );
    const body = formatAnswer(
      answer({
        question: 'q'.repeat(1000),
        sources,
        quotes: sources.map((s) => ({ text: HUGE_SENTENCE, source: s.n, start: 0, end: 1, lines: [1, 1] as const })),
      }),
    );
    expect(limitViolations(body)).toEqual([]);
    expect(body.embeds[0]?.fields?.at(-1)?.value).toMatch(/… and \d+ more$/);
  });

  it('GIVEN a follow-up THEN the footer names the question it follows', () => {
    expect(formatAnswer(answer(), { followUpOf: 'First question?' }).embeds[0]?.footer?.text).toBe(
      'Follow-up to: First question?',
    );
  });
});

describe('formatSourcePassages', () => {
  it('GIVEN long passages THEN they are split over messages that each respect the limits', () => {
    const sources = Array.from({ length: 6 }, (_, i) =>
      source(i + 1, { text: `${'A sentence of the passage. '.repeat(200)}` }),
    );
    const messages = formatSourcePassages(answer({ sources }));
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.flatMap((message) => message.embeds).map((embed) => embed.title)).toEqual(
      sources.map((s) => `[${s.n}] ${s.title}`),
    );
    for (const message of messages) expect(limitViolations(message)).toEqual([]);
    expect(messages[0]?.embeds[0]?.footer?.text).toBe('doc-1.md · Chapter · lines 1–3');
  });
});

const manifest: IndexManifest = {
  formatVersion: 1,
  mode: 'hybrid',
  modelId: 'Xenova/multilingual-e5-small',
  dimensions: 384,
  language: 'auto',
  builtAt: '2026-01-02T03:04:05.000Z',
  passageCount: 75,
  files: Object.fromEntries(
    Array.from({ length: 25 }, (_, i) => [
      `folder/doc-${String(i).padStart(2, '0')}.md`,
      {
        hash: 'h',
        title: i === 3 ? 'Sécurité intérieure' : `Document ${i}`,
        passages: 3,
        indexedAt: '2026-01-02T03:04:05.000Z',
      },
    ]),
  ),
};

describe('formatDocumentPage', () => {
  it('GIVEN 25 documents THEN page 2 of 3 shows ten with both buttons enabled, ids that carry the filter', () => {
    const page = formatDocumentPage(listDocuments(manifest, 'doc'), 1, 'doc', 'en');
    expect(page.embeds[0]?.footer?.text).toBe('Page 2 / 3');
    expect(page.embeds[0]?.description?.split('\n\n')).toHaveLength(10);
    const [previous, next] = page.components[0]?.components ?? [];
    expect(previous).toMatchObject({ custom_id: 'sources:page:0:p:doc', disabled: false });
    expect(next).toMatchObject({ custom_id: 'sources:page:2:n:doc', disabled: false });
    expect(parsePageButton('page:2:n:doc'.split(':'))).toEqual({ page: 2, filter: 'doc' });
    expect(limitViolations(page)).toEqual([]);
  });

  it('GIVEN 12,000 pages and the longest filter THEN the button ids still fit in 100 characters', () => {
    const documents = Array.from({ length: 120_000 }, (_, i) => ({
      path: `d${i}.txt`,
      title: `D${i}`,
      passages: 1,
      indexedAt: '2026-01-02T03:04:05.000Z',
    }));
    const page = formatDocumentPage(documents, 11_998, 'x'.repeat(MAX_FILTER_LENGTH), 'en');
    expect(page.embeds[0]?.footer?.text).toBe('Page 11999 / 12000');
    expect(limitViolations(page)).toEqual([]);
  });

  it('GIVEN passage counts from the index facets THEN they replace the manifest counts', () => {
    const listed = listDocuments(manifest, 'doc-0', { 'folder/doc-01.md': 7 });
    expect(listed.map((document) => [document.path, document.passages]).slice(0, 3)).toEqual([
      ['folder/doc-00.md', 3],
      ['folder/doc-01.md', 7],
      ['folder/doc-02.md', 3],
    ]);
  });

  it('GIVEN a filter without accents THEN it matches accented titles', () => {
    expect(listDocuments(manifest, 'securite').map((document) => document.title)).toEqual(['Sécurité intérieure']);
  });

  it('GIVEN no match THEN it says so without buttons', () => {
    const page = formatDocumentPage([], 0, 'nothing', 'fr');
    expect(page.embeds[0]?.description).toBe('Aucun document indexé ne correspond.');
    expect(page.components).toEqual([]);
  });
});

describe('formatDocument', () => {
  const passages = [
    makePassage({ path: 'a.md', ordinal: 0, title: 'A', section: ['Intro'], text: 'One. Two.', lineStart: 1 }),
    makePassage({ path: 'a.md', ordinal: 1, title: 'A', section: ['Intro'], text: 'Three.', lineStart: 3 }),
    makePassage({
      path: 'a.md',
      ordinal: 2,
      title: 'A',
      section: ['Body', 'Detail'],
      text: `${'Long text here. '.repeat(300)}`,
      lineStart: 9,
    }),
  ];

  it('GIVEN no section THEN it lists the sections with their passages and lines', () => {
    expect(formatDocument(passages, null, 'en').embeds[0]?.description).toBe(
      '**Intro** · 2 passages · lines 1–3\n**Body › Detail** · 1 passage · line 9',
    );
  });

  it('GIVEN a section THEN it shows that section’s passages within limits', () => {
    const body = formatDocument(passages, ['Body', 'Detail'], 'en');
    const [header, shown, ...more] = body.embeds;
    expect(header?.description).toBe('Body › Detail');
    // Only the Body › Detail passage, not the two of Intro; its 4,800 characters cut to fit one embed.
    expect(more).toEqual([]);
    expect(shown?.footer?.text).toBe('line 9');
    expect(shown?.description).toMatch(/^(?:Long text here\. )+…$/u);
    expect(shown?.description?.length).toBeLessThanOrEqual(1800);
    expect(body.content).toBeUndefined();
    expect(limitViolations(body)).toEqual([]);
  });
});

describe('formatHelp', () => {
  it('GIVEN a manifest THEN it states documents, passages, build time and model', () => {
    const value = formatHelp(manifest, 'en').embeds[0]?.fields?.[1]?.value;
    expect(value).toBe(
      '25 documents · 75 passages\nBuilt <t:1767323045:D>\nSearch: Xenova/multilingual-e5-small (hybrid)',
    );
  });
});
