/**
 * Audit of lost and invented text: per file, the words of what citebot indexes (its blocks, headings and title)
 * against an independent extraction of the same file — `w3m -dump` for HTML, `pdftotext` for PDF (Debian
 * packages w3m and poppler-utils), the raw file with link targets, tags and front matter left out for Markdown.
 *
 *   npx tsx scripts/audit-ingest.ts [--json] [--top N] [--files N] CORPUS_DIR...
 *
 * Words are runs of letters, marks and digits, NFC, lower case. "Lost" counts the words of the reference that the
 * ingested text holds fewer times (page chrome left out on purpose is lost too: read the list), "invented" the words
 * of the ingested text that the reference holds fewer times (glued words, broken accents, words joined at a hyphen
 * the reference keeps). A word hyphenated at a PDF line end is read as the ingested text reads it, and listed.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  chunkIngested,
  documentFingerprints,
  readDocument,
  repeatedBlocks,
  scanCorpus,
  type CorpusEntry,
  type ParsedDocument,
} from '../src/ingest/index.ts';
import { runCommand } from '../src/errors.ts';

interface FileAudit {
  readonly path: string;
  readonly referenceWords: number;
  readonly ingestedWords: number;
  readonly lost: number;
  readonly invented: number;
  readonly topLost: Array<[string, number]>;
  readonly topInvented: Array<[string, number]>;
  /** PDF: words hyphenated at a reference line end that the ingested text joins, and that it keeps hyphenated. */
  readonly hyphens: { joined: string[]; kept: string[] };
}

type Bag = Map<string, number>;

function words(text: string): string[] {
  return (
    text
      .normalize('NFC')
      .toLowerCase()
      .match(/[\p{L}\p{M}\p{N}]+/gu) ?? []
  );
}

function bagOf(text: string): Bag {
  const bag: Bag = new Map();
  for (const word of words(text)) bag.set(word, (bag.get(word) ?? 0) + 1);
  return bag;
}

/** Words of `a` that `b` holds fewer times, with how many are missing. */
function missing(a: Bag, b: Bag): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  for (const [word, count] of a) {
    const short = count - (b.get(word) ?? 0);
    if (short > 0) out.push([word, short]);
  }
  return out.sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
}

/** The independent extraction of a file's text, or null for a format without one. */
function reference(entry: CorpusEntry): string | null {
  const run = (command: string, args: string[]) =>
    execFileSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  // w3m numbers ordered list items itself (`  1. `): the numbers are not in the page.
  if (entry.format === 'html')
    return run('w3m', ['-dump', '-T', 'text/html', '-cols', '1000', '-O', 'UTF-8', entry.absolutePath]).replace(
      /^[^\S\n]+\d+\.[^\S\n]/gmu,
      ' ',
    );
  if (entry.format === 'pdf') return run('pdftotext', ['-enc', 'UTF-8', entry.absolutePath, '-']);
  if (entry.format === 'md') {
    return (
      readFileSync(entry.absolutePath, 'utf8')
        .replace(/^---\n[\s\S]*?\n---\n/u, '')
        // A fence's info string (```js, ~~~ sh) names the language: not text.
        .replace(/^([ \t>]*(?:`{3,}|~{3,}))[^\n`]*$/gmu, '$1')
        .replace(/\]\([^)]*\)/gu, ']')
        .replace(/<!--[\s\S]*?-->/gu, ' ')
        .replace(/<[^>\n]+>/gu, ' ')
    );
  }
  return null;
}

/** A word hyphenated at a line end of the reference: `amplifi-⏎cation`. */
const LINE_END_PAIR = /([\p{L}\p{M}]+)-[^\S\n]*\n\s*(\p{Ll}[\p{L}\p{M}]*)/gu;

/**
 * The reference with each word hyphenated at a line end read the way the ingested text reads it when that is one of
 * the two readings (`amplification` or `amplifi-cation`): which one the author meant is not in the reference, so the
 * choice is listed (`hyphens`), not counted as lost or invented.
 */
function readHyphens(text: string, ingested: Bag, hyphens: { joined: string[]; kept: string[] }): string {
  return text.replace(LINE_END_PAIR, (_whole, head: string, tail: string) => {
    const joined = `${head}${tail}`.toLowerCase();
    if ((ingested.get(joined) ?? 0) > 0) {
      hyphens.joined.push(`${head}-${tail}`);
      return `${head}${tail}`;
    }
    hyphens.kept.push(`${head}-${tail}`);
    return `${head}-${tail}`;
  });
}

/** What the index holds of a document: its blocks (or all text outside excluded ranges), headings and title. */
function ingestedText(document: ParsedDocument, repeated: ReadonlySet<string>): string {
  const chunked = chunkIngested(document, undefined, repeated);
  const kept = chunked.ok ? chunked.document : document;
  const parts: string[] = [];
  if (kept.blocks !== undefined) for (const block of kept.blocks) parts.push(kept.text.slice(block.start, block.end));
  else {
    let at = 0;
    for (const [start, end] of kept.excludedRanges ?? []) {
      parts.push(kept.text.slice(at, start));
      at = end;
    }
    parts.push(kept.text.slice(at));
  }
  // A PDF's sections are its page labels (`p. 3`), and its title the file name: neither is text of the file.
  // One title per heading, not per distinct title: a changelog repeats "Backward-incompatible Changes" under each
  // release, and each occurrence is the author's.
  const headings =
    kept.format === 'pdf' ? [] : kept.sections.map((section) => section.path[section.path.length - 1] ?? '');
  if (!headings.includes(kept.title) && kept.format !== 'pdf' && kept.format !== 'txt') headings.push(kept.title);
  return [...parts, ...headings].join('\n');
}

async function auditCorpus(corpusDir: string, top: number): Promise<FileAudit[]> {
  const entries = await scanCorpus(corpusDir);
  const documents: Array<{ entry: CorpusEntry; document: ParsedDocument }> = [];
  for (const entry of entries) {
    const read = await readDocument(entry, readFileSync(entry.absolutePath));
    if (read.ok) documents.push({ entry, document: read.document });
  }
  const repeated = repeatedBlocks(
    new Map(
      documents
        .filter(({ document }) => document.format === 'html')
        .map(({ document }) => [document.path, documentFingerprints(document)]),
    ),
  );
  const audits: FileAudit[] = [];
  for (const { entry, document } of documents) {
    const referenceText = reference(entry);
    if (referenceText === null) continue;
    const ingested = bagOf(ingestedText(document, repeated));
    const hyphens = { joined: [] as string[], kept: [] as string[] };
    const ref = bagOf(entry.format === 'pdf' ? readHyphens(referenceText, ingested, hyphens) : referenceText);
    const lost = missing(ref, ingested);
    const invented = missing(ingested, ref);
    const total = (bag: Bag) => [...bag.values()].reduce((sum, count) => sum + count, 0);
    audits.push({
      path: entry.path,
      referenceWords: total(ref),
      ingestedWords: total(ingested),
      lost: lost.reduce((sum, [, count]) => sum + count, 0),
      invented: invented.reduce((sum, [, count]) => sum + count, 0),
      topLost: lost.slice(0, top),
      topInvented: invented.slice(0, top),
      hyphens,
    });
  }
  return audits;
}

function share(part: number, whole: number): string {
  return whole === 0 ? '–' : `${((100 * part) / whole).toFixed(2)} %`;
}

function list(pairs: ReadonlyArray<[string, number]>): string {
  return pairs.map(([word, count]) => (count > 1 ? `${word}×${count}` : word)).join(' ');
}

runCommand(async () => {
  const { values, positionals } = parseArgs({
    options: { json: { type: 'boolean' }, top: { type: 'string' }, files: { type: 'string' } },
    allowPositionals: true,
  });
  const top = Number(values.top ?? 12);
  const shownFiles = Number(values.files ?? 5);
  const report: Record<string, { files: number; referenceWords: number; lost: number; invented: number }> = {};
  const details: Record<string, FileAudit[]> = {};
  for (const corpusDir of positionals) {
    const audits = await auditCorpus(corpusDir, top);
    const name = path.basename(path.resolve(corpusDir));
    details[name] = audits;
    report[name] = {
      files: audits.length,
      referenceWords: audits.reduce((sum, audit) => sum + audit.referenceWords, 0),
      lost: audits.reduce((sum, audit) => sum + audit.lost, 0),
      invented: audits.reduce((sum, audit) => sum + audit.invented, 0),
    };
  }
  if (values.json === true) {
    process.stdout.write(`${JSON.stringify({ report, details }, null, 1)}\n`);
    return;
  }
  for (const [name, audits] of Object.entries(details)) {
    const sums = report[name]!;
    process.stdout.write(
      `\n## ${name}: ${sums.files} files, ${sums.referenceWords} reference words, ` +
        `lost ${sums.lost} (${share(sums.lost, sums.referenceWords)}), ` +
        `invented ${sums.invented} (${share(sums.invented, sums.referenceWords)})\n`,
    );
    const all = (pick: (audit: FileAudit) => ReadonlyArray<[string, number]>) => {
      const bag: Bag = new Map();
      for (const audit of audits) for (const [word, count] of pick(audit)) bag.set(word, (bag.get(word) ?? 0) + count);
      return [...bag].sort((x, y) => y[1] - x[1]).slice(0, top * 2);
    };
    process.stdout.write(`lost (corpus): ${list(all((audit) => audit.topLost))}\n`);
    process.stdout.write(`invented (corpus): ${list(all((audit) => audit.topInvented))}\n`);
    for (const audit of [...audits].sort((a, b) => b.lost + b.invented - (a.lost + a.invented)).slice(0, shownFiles)) {
      process.stdout.write(
        `  ${audit.path}: ${audit.referenceWords} words, lost ${audit.lost}, invented ${audit.invented}\n` +
          `    lost: ${list(audit.topLost)}\n    invented: ${list(audit.topInvented)}\n`,
      );
      const { joined, kept } = audit.hyphens;
      if (joined.length + kept.length > 0)
        process.stdout.write(
          `    line-end hyphens: ${joined.length} joined, ${kept.length} kept: ${kept.slice(0, top * 2).join(' ')}\n`,
        );
    }
  }
});
