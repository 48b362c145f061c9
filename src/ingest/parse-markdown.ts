import { titleFromFileName } from './file-name.ts';
import type { ParsedDocument, SectionStart } from './types.ts';

const FRONT_MATTER_OPEN = /^---[ \t]*\r?\n/;
const FRONT_MATTER_CLOSE = /^(?:---|\.\.\.)[ \t]*\r?$/m;
const FRONT_MATTER_TITLE = /^title:[ \t]*(.*?)[ \t]*\r?$/m;
const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*\r?$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*\r?$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** Lines that cannot be the text of a setext heading. */
const NOT_PARAGRAPH = /^\s*(?:$|[-*+>|]|\d{1,9}[.)]\s|<)/;

interface Line {
  readonly start: number;
  /** End of the content, before `\n`. */
  readonly end: number;
  /** After the `\n`, or the end of the text. */
  readonly next: number;
}

/**
 * Markdown: `text` is the file content exactly, so quotes are substrings of the file.
 *
 * ATX (`#` … `######`) and setext (`===`, `---` under a paragraph) headings set the section path,
 * nested by level; headings inside fenced code blocks are ignored. Heading lines and YAML front
 * matter are excluded from passages. The title is the front matter's `title:`, else the first
 * heading, else the file name in words.
 */
export function parseMarkdown(path: string, text: string): ParsedDocument {
  const sections: SectionStart[] = [];
  const excludedRanges: Array<readonly [number, number]> = [];
  const stack: Array<{ level: number; title: string }> = [];
  const frontMatter = readFrontMatter(text);
  if (frontMatter !== null) excludedRanges.push([0, frontMatter.end]);
  let firstHeading: string | null = null;

  const openSection = (level: number, title: string, start: number, end: number) => {
    excludedRanges.push([start, end]);
    if (title === '') return;
    while ((stack[stack.length - 1]?.level ?? 0) >= level) stack.pop();
    stack.push({ level, title });
    sections.push({ start, path: stack.map((heading) => heading.title) });
    firstHeading ??= title;
  };

  let fence: string | null = null;
  let paragraphStart: number | null = null;
  for (const line of lines(text, frontMatter?.end ?? 0)) {
    const content = text.slice(line.start, line.end);
    const fenceMatch = FENCE.exec(content);
    if (fence !== null) {
      if (fenceMatch?.[1] !== undefined && fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length)
        fence = null;
      continue;
    }
    if (fenceMatch?.[1] !== undefined) {
      fence = fenceMatch[1];
      paragraphStart = null;
      continue;
    }
    const atx = ATX_HEADING.exec(content);
    if (atx !== null) {
      openSection(atx[1]?.length ?? 1, inlineText(atx[2] ?? ''), line.start, line.next);
      paragraphStart = null;
      continue;
    }
    const underline = SETEXT_UNDERLINE.exec(content);
    if (underline !== null && paragraphStart !== null) {
      const level = underline[1]?.startsWith('=') ? 1 : 2;
      openSection(level, inlineText(text.slice(paragraphStart, line.start)), paragraphStart, line.next);
      paragraphStart = null;
      continue;
    }
    if (NOT_PARAGRAPH.test(content)) paragraphStart = null;
    else paragraphStart ??= line.start;
  }

  return {
    path,
    format: 'md',
    title: frontMatter?.title ?? firstHeading ?? titleFromFileName(path),
    text,
    sections,
    lineAnchors: [[0, 1]],
    excludedRanges,
  };
}

/** `---` … `---` (or `...`) at the very top; its `title:` if any. Null without a closing line. */
function readFrontMatter(text: string): { end: number; title: string | null } | null {
  const open = FRONT_MATTER_OPEN.exec(text);
  if (open === null) return null;
  const body = text.slice(open[0].length);
  const close = FRONT_MATTER_CLOSE.exec(body);
  if (close === null) return null;
  const closeEnd = open[0].length + close.index + close[0].length;
  const end = text.charAt(closeEnd) === '\n' ? closeEnd + 1 : closeEnd;
  const rawTitle = FRONT_MATTER_TITLE.exec(body.slice(0, close.index))?.[1] ?? '';
  const title = rawTitle.replace(/^(["'])(.*)\1$/, '$2').trim();
  return { end, title: title === '' ? null : title };
}

function* lines(text: string, from: number): Generator<Line> {
  let start = from;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    yield { start, end, next: newline === -1 ? text.length : newline + 1 };
    start = end + 1;
  }
}

/** Heading text without inline markup: links keep their label; emphasis and code marks go. */
function inlineText(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*`]+|(?<![\p{L}\p{N}])_+|_+(?![\p{L}\p{N}])/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}
