import { splitSentences } from './sentences.ts';
import type { TextBlock } from './types.ts';

/** A list heading: the paragraph's last sentence is a label, what comes before stays prose. */
export function pushListHeading(text: string, start: number, end: number, blocks: TextBlock[]): void {
  const sentences = splitSentences(text.slice(start, end));
  const last = sentences[sentences.length - 1];
  const labelStart = last === undefined ? start : start + last.start;
  if (labelStart > start) blocks.push({ start, end: labelStart, kind: 'prose' });
  blocks.push({ start: labelStart, end, kind: 'label' });
}
