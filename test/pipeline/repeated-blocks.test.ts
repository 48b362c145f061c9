import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadIndex, readManifest } from '../../src/index/index.ts';
import { buildIndex, type BuildOptions } from '../../src/pipeline/index.ts';
import { temporaryFolder } from '../support/temp.ts';

const BANNER = 'Download the ebook of this guide';

function page(topic: string): string {
  return `<html><body><p>${BANNER}</p><h1>${topic}</h1><p>The ${topic} chapter explains ${topic} in detail.</p></body></html>`;
}

async function site(pages: readonly string[]): Promise<BuildOptions> {
  const folder = await temporaryFolder('citebot-repeated-');
  const corpusDir = join(folder, 'corpus');
  await mkdir(corpusDir, { recursive: true });
  for (const topic of pages) await writeFile(join(corpusDir, `${topic}.html`), page(topic));
  return { corpusDir, outPath: join(folder, 'index.citebot'), language: 'en', embedder: null, maxFileBytes: 1_000_000 };
}

async function passageTexts(options: BuildOptions): Promise<string[]> {
  const index = await loadIndex(options.outPath);
  return index.passages.map((passage) => passage.text);
}

describe('buildIndex (blocks repeated across pages)', () => {
  it('GIVEN a banner on every page of a site THEN no passage holds it, and the manifest says which blocks were left out', async () => {
    const options = await site(['alpha', 'beta', 'gamma', 'delta']);
    await buildIndex(options);
    const texts = await passageTexts(options);
    expect(texts).toHaveLength(4);
    expect(texts.some((text) => text.includes(BANNER))).toBe(false);
    const manifest = await readManifest(options.outPath);
    expect(manifest.files['alpha.html']?.repeated).toHaveLength(8);
    expect(manifest.files['alpha.html']?.blocks).toHaveLength(16);
  });

  it('GIVEN an unchanged site rebuilt THEN every page is reused', async () => {
    const options = await site(['alpha', 'beta', 'gamma', 'delta']);
    await buildIndex(options);
    expect(await buildIndex(options)).toMatchObject({ reusedFiles: 4, updatedFiles: 0, addedFiles: 0 });
  });

  it('GIVEN a page edited without touching the banner THEN only that page is indexed again', async () => {
    const options = await site(['alpha', 'beta', 'gamma', 'delta']);
    await buildIndex(options);
    await writeFile(join(options.corpusDir, 'beta.html'), page('beta').replace('in detail', 'briefly'));
    expect(await buildIndex(options)).toMatchObject({ reusedFiles: 3, updatedFiles: 1 });
    expect(await passageTexts(options)).toContain('The beta chapter explains beta briefly.');
  });

  it('GIVEN a page removed so the banner is on too few pages THEN unchanged pages are indexed again with it, without it once it is back', async () => {
    const options = await site(['alpha', 'beta', 'gamma', 'delta']);
    await buildIndex(options);
    await rm(join(options.corpusDir, 'delta.html'));
    expect(await buildIndex(options)).toMatchObject({ reusedFiles: 0, updatedFiles: 3, removedFiles: 1 });
    expect((await passageTexts(options)).filter((text) => text.includes(BANNER))).toHaveLength(3);

    await writeFile(join(options.corpusDir, 'delta.html'), page('delta'));
    expect(await buildIndex(options)).toMatchObject({ reusedFiles: 0, updatedFiles: 3, addedFiles: 1 });
    expect((await passageTexts(options)).some((text) => text.includes(BANNER))).toBe(false);
  });

  it('GIVEN Markdown pages each opened by a template line linking to itself THEN no passage holds it, facts repeated in their bodies stay', async () => {
    const folder = await temporaryFolder('citebot-repeated-md-');
    const corpusDir = join(folder, 'corpus');
    await mkdir(corpusDir, { recursive: true });
    const topics = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
    for (const topic of topics) {
      const sections = ['One', 'Two', 'Three', 'Four']
        .map((option) => `## ${topic}${option}\n\nThe ${option} option of ${topic} turns it on.\n\nDefault: false\n`)
        .join('\n');
      const template = `> See **https://docs.example.org/${topic}** for documentation.`;
      await writeFile(join(corpusDir, `${topic}.md`), `# ${topic}\n\n${template}\n\n${sections}`);
    }
    const options: BuildOptions = {
      corpusDir,
      outPath: join(folder, 'index.citebot'),
      language: 'en',
      embedder: null,
      maxFileBytes: 1_000_000,
    };
    await buildIndex(options);
    const texts = await passageTexts(options);
    expect(texts.some((text) => text.includes('for documentation'))).toBe(false);
    expect(texts.join('\n').match(/Default: false/gu)).toHaveLength(topics.length * 4);
  });
});
