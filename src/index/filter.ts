import { CitebotError } from '../errors.ts';
import type { Passage } from '../ingest/types.ts';
import { foldAccents } from './tokenizer.ts';
import type { PassageFilter } from './types.ts';

/** How a person names a document or a section: case, accents and spacing do not matter. */
function normalise(text: string): string {
  return foldAccents(text.toLowerCase()).replace(/\s+/gu, ' ').trim();
}

function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function withoutExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/**
 * The documents a name means: the exact path, else a file name (with or without extension) or a
 * title equal to it, else the paths and titles containing it.
 */
function matchingDocuments(passages: readonly Passage[], name: string): string[] {
  const wanted = normalise(name);
  const documents = new Map<string, string>();
  for (const passage of passages) documents.set(passage.path, passage.title);
  const paths = [...documents.keys()];
  const exact = paths.filter((path) => normalise(path) === wanted);
  if (exact.length > 0) return exact;
  const named = paths.filter((path) => {
    const file = normalise(fileName(path));
    return file === wanted || withoutExtension(file) === wanted || normalise(documents.get(path)!) === wanted;
  });
  if (named.length > 0) return named;
  return paths.filter((path) => normalise(path).includes(wanted) || normalise(documents.get(path)!).includes(wanted));
}

/** The section paths a heading means: those ending with a heading equal to it, else containing it. */
function matchingSections(passages: readonly Passage[], heading: string): string[][] {
  const wanted = normalise(heading);
  const paths = new Map<string, string[]>();
  for (const passage of passages)
    passage.section.forEach((_, i) => {
      const path = passage.section.slice(0, i + 1);
      paths.set(path.join('\n'), path);
    });
  const all = [...paths.values()];
  const exact = all.filter((path) => normalise(path.at(-1)!) === wanted);
  return exact.length > 0 ? exact : all.filter((path) => normalise(path.at(-1)!).includes(wanted));
}

/**
 * The {@link PassageFilter} for a question limited to a document and/or a section named by a
 * person (`/ask document:… section:…`, `npm run ask -- --document …`); undefined when neither is
 * given. Throws FILTER_NO_MATCH, naming what was not found, when nothing matches.
 */
export function resolvePassageFilter(
  passages: readonly Passage[],
  names: { readonly document?: string | undefined; readonly section?: string | undefined },
): PassageFilter | undefined {
  const document = names.document?.trim() || undefined;
  const section = names.section?.trim() || undefined;
  if (document === undefined && section === undefined) return undefined;
  let scope = passages;
  let documents: string[] | undefined;
  if (document !== undefined) {
    documents = matchingDocuments(passages, document);
    if (documents.length === 0) throw new CitebotError('FILTER_NO_MATCH', `no document is called "${document}"`);
    const kept = new Set(documents);
    scope = passages.filter((passage) => kept.has(passage.path));
  }
  let sections: string[][] | undefined;
  if (section !== undefined) {
    sections = matchingSections(scope, section);
    if (sections.length === 0)
      throw new CitebotError(
        'FILTER_NO_MATCH',
        `no section is called "${section}"${document === undefined ? '' : ` in "${document}"`}`,
      );
  }
  return { ...(documents === undefined ? {} : { documents }), ...(sections === undefined ? {} : { sections }) };
}
