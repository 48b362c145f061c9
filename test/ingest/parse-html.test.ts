import { describe, expect, it } from 'vitest';
import { chunkDocument, parseDocument } from '../../src/ingest/index.ts';

const html = (body: string, head = '') =>
  new TextEncoder().encode(`<!doctype html><html><head>${head}<title>T</title></head><body>${body}</body></html>`);

describe('parseHtml', () => {
  it('GIVEN a canonical link THEN it is the url; og:url otherwise; anything but http(s) is ignored', async () => {
    const canonical =
      '<link rel="canonical" href="https://example.org/a"><meta property="og:url" content="https://o/">';
    expect((await parseDocument('a.html', 'html', html('<p>Text.</p>', canonical))).url).toBe('https://example.org/a');
    const og = '<meta property="og:url" content="https://example.org/b">';
    expect((await parseDocument('b.html', 'html', html('<p>Text.</p>', og))).url).toBe('https://example.org/b');
    const bad = '<link rel="canonical" href="javascript:alert(1)">';
    expect((await parseDocument('c.html', 'html', html('<p>Text.</p>', bad))).url).toBeUndefined();
  });

  it("GIVEN headings THEN each section's anchor is the heading's id, a named anchor in it, or its section's id", async () => {
    const body =
      '<h1 id="top">Guide</h1><p>Intro.</p>' +
      '<div class="section" id="setup"><h2>Setup</h2><p>Steps.</p></div>' +
      '<h2><a name="usage"></a>Usage</h2><p>Use it.</p>';
    const document = await parseDocument('g.html', 'html', html(body));
    expect(document.sections.map((section) => [section.path.at(-1), section.anchor])).toEqual([
      ['Guide', 'top'],
      ['Setup', 'setup'],
      ['Usage', 'usage'],
    ]);
    expect(chunkDocument(document).map((passage) => passage.anchor)).toEqual(['top', 'setup', 'usage']);
  });
});
