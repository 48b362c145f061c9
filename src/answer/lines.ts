import type { Passage } from '../ingest/types.ts';

/**
 * Source-file line (1-based) of `offset` in the passage text, from its line anchors:
 * the last anchor at or before the offset, plus the line breaks in between.
 */
export function lineAt(passage: Passage, offset: number): number {
  let anchorOffset = 0;
  let line = passage.lineStart;
  for (const [at, anchorLine] of passage.lineAnchors) {
    if (at > offset) break;
    anchorOffset = at;
    line = anchorLine;
  }
  for (let i = anchorOffset; i < offset; i += 1) {
    if (passage.text.charCodeAt(i) === 10) line += 1;
  }
  return line;
}

/** Inclusive source-file line range of the passage text between two offsets. */
export function lineRange(passage: Passage, start: number, end: number): readonly [number, number] {
  const first = lineAt(passage, start);
  // `end` is exclusive: the last character decides the last line.
  const last = Math.max(first, lineAt(passage, Math.max(start, end - 1)));
  return [first, last];
}
