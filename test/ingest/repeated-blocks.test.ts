import { describe, expect, it } from 'vitest';
import { chunkIngested } from '../../src/ingest/index.ts';
import { parseHtml } from '../../src/ingest/parse-html.ts';
import {
  blockFingerprint,
  documentFingerprints,
  dropRepeatedBlocks,
  packFingerprints,
  repeatedBlocks,
  unpackFingerprints,
} from '../../src/ingest/repeated-blocks.ts';
import { parseMarkdown } from '../../src/ingest/parse-markdown.ts';
import { parseText } from '../../src/ingest/parse-text.ts';

const BODIES = ['Alpha is first.', 'Beta is second.', 'Gamma is third.', 'Delta is fourth.', 'Epsilon is last.'];

/** A page of a site: its own paragraph between a banner and a footer every page shares. */
function page(path: string, body: string, footer = 'Last updated 2024-05-31 00:35 UTC'): ReturnType<typeof parseHtml> {
  return parseHtml(
    path,
    `<html><body><p>Download the ebook</p><h1>${path}</h1><p>${body}</p><p>${footer}</p></body></html>`,
  );
}

function printsOf(pages: ReadonlyArray<ReturnType<typeof parseHtml>>): Map<string, string[]> {
  return new Map(pages.map((document) => [document.path, documentFingerprints(document)]));
}

describe('blockFingerprint', () => {
  it('GIVEN texts differing only in case, white space, compatibility forms and numbers THEN one fingerprint', () => {
    expect(blockFingerprint('Last  updated 2024-05-31\n UTC')).toBe(blockFingerprint('last updated 2026-12-02 utc'));
    expect(blockFingerprint('ﬁle')).toBe(blockFingerprint('file'));
    expect(blockFingerprint('Download the ebook')).toHaveLength(8);
  });

  it('GIVEN different words THEN different fingerprints', () => {
    expect(blockFingerprint('Download the ebook')).not.toBe(blockFingerprint('Download the sources'));
  });

  it('GIVEN a template line whose link names each page THEN one fingerprint for every page', () => {
    expect(blockFingerprint('See **https://example.org/rules/no-alpha** for documentation.')).toBe(
      blockFingerprint('See **https://example.org/rules/beta-gamma** for documentation.'),
    );
    expect(blockFingerprint('See https://example.org/a for documentation.')).not.toBe(
      blockFingerprint('See https://example.org/a for the sources.'),
    );
  });
});

describe('documentFingerprints', () => {
  it('GIVEN an HTML page with a block twice THEN its distinct fingerprints, sorted', () => {
    const document = parseHtml('a.html', '<p>One.</p><p>Two.</p><p>One.</p>');
    const prints = documentFingerprints(document);
    expect(prints).toEqual([blockFingerprint('One.'), blockFingerprint('Two.')].sort());
  });

  it('GIVEN a plain-text or PDF-like document THEN no fingerprint: only site pages carry a template', () => {
    expect(documentFingerprints(parseText('a.txt', 'Download the ebook\n'))).toEqual([]);
  });

  it('GIVEN a long Markdown file THEN the fingerprints of its first and last three blocks only, where a template writes', () => {
    const body = ['Banner.', 'Intro.', 'One.', 'Middle.', 'Two.', 'Three.', 'Four.', 'Footer.'];
    const prints = documentFingerprints(parseMarkdown('a.md', body.join('\n\n') + '\n'));
    const edges = ['Banner.', 'Intro.', 'One.', 'Three.', 'Four.', 'Footer.'];
    expect(prints).toEqual(edges.map((text) => blockFingerprint(text)).sort());
  });
});

describe('dropRepeatedBlocks (Markdown)', () => {
  const drop = (blocks: readonly string[], repeated: readonly string[]) => {
    const document = parseMarkdown('a.md', blocks.join('\n\n') + '\n');
    const { document: kept } = dropRepeatedBlocks(document, new Set(repeated.map((text) => blockFingerprint(text))));
    return (kept.blocks ?? []).map((block) => kept.text.slice(block.start, block.end));
  };

  it('GIVEN repeated blocks at the top and in the body of a Markdown file THEN only the one at the top goes', () => {
    const blocks = ['Template line.', 'One.', 'Two.', 'Three.', 'Shared fact.', 'Four.', 'Five.', 'Six.', 'End.'];
    expect(drop(blocks, ['Template line.', 'Shared fact.'])).toEqual(blocks.slice(1));
  });

  it('GIVEN a repeated block at the top that the file writes again further down THEN both stay: the author wrote it', () => {
    const blocks = ['Default: false', 'One.', 'Two.', 'Three.', 'Default: false', 'Four.', 'Five.', 'Six.', 'End.'];
    expect(drop(blocks, ['Default: false'])).toEqual(blocks);
  });
});

describe('repeatedBlocks', () => {
  it('GIVEN five pages sharing a banner and a footer whose date differs THEN both are repeated, the content is not', () => {
    const pages = BODIES.map((body, i) => page(`p${i}.html`, body, `Last updated 2024-05-3${i} UTC`));
    const repeated = repeatedBlocks(printsOf(pages));
    expect([...repeated].sort()).toEqual(
      [blockFingerprint('Download the ebook'), blockFingerprint('Last updated 2024-05-30 UTC')].sort(),
    );
  });

  it('GIVEN a block on fewer pages than minPages THEN it is not repeated, even on every page', () => {
    const pages = BODIES.slice(0, 3).map((body, i) => page(`p${i}.html`, body));
    expect(repeatedBlocks(printsOf(pages)).size).toBe(0);
  });

  it('GIVEN a short answer on under 60 % of the pages THEN it is kept (a recurring answer is not chrome)', () => {
    const prints = new Map<string, string[]>();
    for (let i = 0; i < 10; i++) prints.set(`p${i}.html`, i < 5 ? [blockFingerprint('Yes.')] : []);
    expect(repeatedBlocks(prints).size).toBe(0);
    prints.set('p5.html', [blockFingerprint('Yes.')]);
    expect(repeatedBlocks(prints)).toEqual(new Set([blockFingerprint('Yes.')]));
  });

  it("GIVEN one site's chrome on every page of its folder in a corpus of several sites THEN it is repeated there", () => {
    const prints = new Map<string, string[]>();
    const chrome = blockFingerprint('Report a bug');
    for (let i = 0; i < 5; i++) prints.set(`site-a/p${i}.html`, [chrome]);
    for (let i = 0; i < 20; i++) prints.set(`site-b/p${i}.html`, []);
    expect(repeatedBlocks(prints)).toEqual(new Set([chrome]));
    // Spread over both folders, 5 pages of 25 are not most pages of anything.
    prints.set('site-b/p0.html', [chrome]);
    prints.delete('site-a/p0.html');
    expect(repeatedBlocks(prints).size).toBe(0);
  });
});

describe('dropRepeatedBlocks', () => {
  it('GIVEN a page and the repeated set THEN its chrome blocks are out of the blocks, the text and offsets stay', () => {
    const pages = BODIES.slice(0, 4).map((body, i) => page(`p${i}.html`, body));
    const repeated = repeatedBlocks(printsOf(pages));
    const first = pages[0]!;
    const { document, dropped } = dropRepeatedBlocks(first, repeated);
    expect(document.text).toBe(first.text);
    expect(document.blocks?.map((block) => document.text.slice(block.start, block.end))).toEqual(['Alpha is first.']);
    expect(dropped).toEqual([...repeated].sort());
    const ingested = chunkIngested(first, undefined, repeated);
    expect(ingested.ok && ingested.passages.map((passage) => passage.text)).toEqual(['Alpha is first.']);
  });

  it('GIVEN a page made only of repeated blocks THEN it is FILE_EMPTY, saying so', () => {
    const only = parseHtml('x.html', '<p>Download the ebook</p>');
    const ingested = chunkIngested(only, undefined, new Set([blockFingerprint('Download the ebook')]));
    expect(ingested).toMatchObject({ ok: false, skipped: { code: 'FILE_EMPTY' } });
    expect(!ingested.ok && ingested.skipped.reason).toContain('repeated on most pages');
  });

  it('GIVEN nothing repeated in the page THEN the document comes back as it is', () => {
    const document = parseHtml('x.html', '<p>Own text.</p>');
    expect(dropRepeatedBlocks(document, new Set([blockFingerprint('Other')]))).toEqual({ document, dropped: [] });
  });
});

describe('packFingerprints', () => {
  it('GIVEN fingerprints THEN packed and unpacked they come back the same', () => {
    const prints = ['Download', 'Report a bug', 'x'].map(blockFingerprint).sort();
    expect(unpackFingerprints(packFingerprints(prints))).toEqual(prints);
    expect(unpackFingerprints('')).toEqual([]);
  });
});
