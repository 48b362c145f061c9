import type { Passage } from './types.ts';

type LineAnchor = readonly [offset: number, line: number];

/** Answers "which source line is this offset on" in O(log n), for one text and its anchors. */
export interface LineLocator {
  /** Source line (1-based) of the character at `offset`. */
  lineOf(offset: number): number;
  /** Anchors for `text.slice(start, end)`, relative to `start`; the first is always at 0. */
  anchorsWithin(start: number, end: number): LineAnchor[];
}

/**
 * Indexes the newlines of `text` once, so that line numbers of many passages cost a binary
 * search each instead of a re-scan from the start of the document. `\r\n` counts as one line
 * break (only `\n` is counted).
 */
export function createLineLocator(text: string, anchors: readonly LineAnchor[]): LineLocator {
  const newlines: number[] = [];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) newlines.push(at);
  const sortedAnchors: readonly LineAnchor[] = anchors.length > 0 ? anchors : [[0, 1]];

  const lineOf = (offset: number): number => {
    const anchorIndex = lastAtOrBefore(sortedAnchors, offset);
    const [anchorOffset, anchorLine] = sortedAnchors[Math.max(anchorIndex, 0)] ?? [0, 1];
    return anchorLine + firstAtOrAfter(newlines, offset) - firstAtOrAfter(newlines, anchorOffset);
  };

  return {
    lineOf,
    anchorsWithin(start, end) {
      const relative: LineAnchor[] = [[0, lineOf(start)]];
      for (let index = lastAtOrBefore(sortedAnchors, start) + 1; index < sortedAnchors.length; index += 1) {
        const anchor = sortedAnchors[index];
        if (anchor === undefined || anchor[0] >= end) break;
        relative.push([anchor[0] - start, anchor[1]]);
      }
      return relative;
    },
  };
}

/**
 * Source-file line (1-based) of `offset` in the passage text: the last line anchor at or
 * before it (the passage's start line before any), plus the line breaks in between.
 */
export function lineAt(passage: Pick<Passage, 'text' | 'lineStart' | 'lineAnchors'>, offset: number): number {
  return passageLines(passage).lineOf(offset);
}

/** Inclusive source-file line range of the passage text between two offsets (`end` exclusive). */
export function lineRange(
  passage: Pick<Passage, 'text' | 'lineStart' | 'lineAnchors'>,
  start: number,
  end: number,
): readonly [number, number] {
  const lines = passageLines(passage);
  const first = lines.lineOf(start);
  // `end` is exclusive: the last character decides the last line.
  return [first, Math.max(first, lines.lineOf(Math.max(start, end - 1)))];
}

function passageLines(passage: Pick<Passage, 'text' | 'lineStart' | 'lineAnchors'>): LineLocator {
  const anchors = passage.lineAnchors;
  const startsAtZero = anchors.length > 0 && anchors[0]![0] === 0;
  return createLineLocator(passage.text, startsAtZero ? anchors : [[0, passage.lineStart], ...anchors]);
}

/** Index of the last anchor whose offset is ≤ `offset`, or -1. */
function lastAtOrBefore(anchors: readonly LineAnchor[], offset: number): number {
  let low = 0;
  let high = anchors.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((anchors[middle]?.[0] ?? 0) <= offset) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

/** How many of the ascending `values` are < `offset`. */
function firstAtOrAfter(values: readonly number[], offset: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((values[middle] ?? 0) < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}
