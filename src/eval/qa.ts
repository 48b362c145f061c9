import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Language } from '../index/types.ts';
import type { QuestionKind } from './metrics.ts';
import { CitebotError } from '../errors.ts';

/** One question of an evaluation set (one line of a `.jsonl` file). */
export interface QaItem {
  /** Given, or `line-N` after the file's line number. */
  readonly id: string;
  readonly question: string;
  /** Text the right passage contains (verbatim from the document). */
  readonly answer?: string;
  /** Strings one of which must appear in the quotes. */
  readonly expect?: readonly string[];
  /** False: the documents do not cover the question and the bot should say so. */
  readonly answerable: boolean;
  /** Language of the question for the per-language split; detected by the answer layer when absent. */
  readonly lang?: Language;
  /** Whether the question copies a heading or paraphrases; reported separately when given. */
  readonly kind?: QuestionKind;
  /** Half of the set: `dev` (tune on it) or `test` (look at it only to report); see {@link assignSplits}. */
  readonly split?: EvalSplit;
}

/** The two halves of every evaluation set. */
export const EVAL_SPLITS = ['dev', 'test'] as const;
export type EvalSplit = (typeof EVAL_SPLITS)[number];

const nonBlank = z.string().trim().min(1, 'must not be empty');

const lineSchema = z
  .object({
    id: nonBlank.optional(),
    question: nonBlank,
    answer: nonBlank.optional(),
    expect: z.array(nonBlank).min(1, 'must list at least one string').optional(),
    answerable: z.boolean().default(true),
    lang: z.enum(['fr', 'en'], { message: 'must be fr or en' }).optional(),
    kind: z.enum(['heading', 'paraphrase'], { message: 'must be heading or paraphrase' }).optional(),
    split: z.enum(EVAL_SPLITS, { message: 'must be dev or test' }).optional(),
  })
  .strict();

/**
 * Parses an evaluation set: one JSON object per line, blank lines ignored. Throws
 * `EVAL_SET_INVALID` naming every bad line and why, and when two lines share an id.
 * An unanswerable question with an `answer` or `expect` is refused: nothing can match it.
 */
export function parseQaSet(text: string, source: string): QaItem[] {
  const items: QaItem[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((line, index) => {
    const lineNumber = index + 1;
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      problems.push(`line ${lineNumber}: not JSON (${(error as Error).message})`);
      return;
    }
    const parsed = lineSchema.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'line'} ${issue.message}`);
      problems.push(`line ${lineNumber}: ${issues.join('; ')}`);
      return;
    }
    const { id = `line-${lineNumber}`, question, answer, expect, answerable, lang, kind, split } = parsed.data;
    if (!answerable && (answer !== undefined || expect !== undefined)) {
      problems.push(`line ${lineNumber}: an unanswerable question cannot have "answer" or "expect"`);
      return;
    }
    if (seen.has(id)) {
      problems.push(`line ${lineNumber}: id "${id}" is used twice`);
      return;
    }
    seen.add(id);
    items.push({
      id,
      question,
      answerable,
      ...(answer === undefined ? {} : { answer }),
      ...(expect === undefined ? {} : { expect }),
      ...(lang === undefined ? {} : { lang }),
      ...(kind === undefined ? {} : { kind }),
      ...(split === undefined ? {} : { split }),
    });
  });
  if (problems.length > 0) throw new CitebotError('EVAL_SET_INVALID', `${source}: ${problems.join('; ')}`);
  if (items.length === 0) throw new CitebotError('EVAL_SET_INVALID', `${source}: no question`);
  return items;
}

/** Reads and parses an evaluation set file ({@link parseQaSet}); a missing file is `EVAL_SET_INVALID` too. */
export async function readQaSet(path: string): Promise<QaItem[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CitebotError(
      'EVAL_SET_INVALID',
      `${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      {
        cause: error,
      },
    );
  }
  return parseQaSet(text, path);
}

/**
 * The deterministic dev/test split of a set: questions are grouped by stratum (answerable or
 * not), and within each stratum, in file order, alternate dev, test, dev, … So each half gets
 * half of each stratum (within one question) and of every part of the documents the set walks
 * through in order. Returns the split of each item, in order.
 */
export function assignSplits(items: readonly QaItem[]): EvalSplit[] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const stratum = item.answerable ? 'answerable' : 'unanswerable';
    const position = seen.get(stratum) ?? 0;
    seen.set(stratum, position + 1);
    return position % 2 === 0 ? 'dev' : 'test';
  });
}
