import { CitebotError } from '../errors.ts';
import { detectLanguage } from '../index/tokenizer.ts';
import type { Language } from '../index/types.ts';

/** Longest question accepted: longer text is a pasted document, not a question, and would dilute retrieval. */
export const MAX_QUESTION_LENGTH = 1_000;

/**
 * Normalises a question (trimmed, inner white space folded) or throws `QUESTION_EMPTY` (blank, or no letter or
 * digit at all) / `QUESTION_TOO_LONG` with the numbers the user needs.
 */
export function validateQuestion(question: string): string {
  const normalised = question.replace(/\s+/gu, ' ').trim();
  if (normalised === '') throw new CitebotError('QUESTION_EMPTY', 'type a question about the documents');
  // "?", "…", an emoji: nothing to search for, and declining it would read as if the documents had been searched.
  if (!/[\p{L}\p{N}]/u.test(normalised))
    throw new CitebotError('QUESTION_EMPTY', 'no letter or digit in it; type a question about the documents in words');
  if (normalised.length > MAX_QUESTION_LENGTH) {
    throw new CitebotError(
      'QUESTION_TOO_LONG',
      `${normalised.length.toLocaleString('en')} characters; the limit is ${MAX_QUESTION_LENGTH.toLocaleString('en')}. Ask about one thing at a time`,
    );
  }
  return normalised;
}

/**
 * The language to answer `question` in: what its stop-words say (one is enough, questions are
 * short), French when they do not tell.
 */
export function questionLanguage(question: string): Language {
  return detectLanguage(question, 1) ?? 'fr';
}

// Question openings that ask for a quantity, a year, a date, an age, a port or a price, in French and English.
// "quelle version" and "when" are left out: they are answered as often by a name or an event as by a number.
const QUANTITY_QUESTION = wordPattern(
  'combien|how\\s+(?:many|much|old)|' +
    "quel(?:le)?s?\\s+(?:est\\s+(?:la|le|l')\\s*)?(?:année|date|âge|port|prix|pourcentage|nombre)|" +
    '(?:what|which)\\s+(?:is\\s+the\\s+)?(?:year|date|age|port|price|percentage|number)',
);

/**
 * Whether `question` asks for a quantity (how many, which year, which port…): its answer then holds a number,
 * written in digits or as a number word, and a passage without one does not answer it, however many words it shares.
 */
export function asksForQuantity(question: string): boolean {
  return QUANTITY_QUESTION.test(question);
}

// What a quantity question counts: the word right after "combien de", "how many", "how much".
const COUNTED = /(?<![\p{L}\p{N}])(?:combien\s+(?:de\s+|d['’]\s*)|how\s+(?:many|much)\s+)([\p{L}\p{N}\p{M}]+)/iu;

/**
 * The word a quantity question counts ("combien de *bénévoles*", "how many *employees*"), or null: a document that
 * never names it cannot state its number. "How much does it cost" counts no word (the next one is a verb).
 */
export function countedWord(question: string): string | null {
  return COUNTED.exec(question)?.[1] ?? null;
}

// A word of two letters or more written with a capital right after a word in lower case (a space or an elision
// between: "a Docker container", "d'Ubuntu"): not the first word of a sentence, a title or a message, nor the
// English "I".
const NAME = /(?<=(?<![\p{L}\p{N}])\p{Ll}[\p{L}\p{N}]*[\s'’]+)\p{Lu}[\p{L}\p{N}]+/gu;

/**
 * The words a question capitalises after a word in lower case: names ("Docker", "GitLab", "PyTorch", "UFW"). A
 * question rarely renames what it asks about, so a name the documents never use says they do not cover it.
 */
export function namesIn(question: string): string[] {
  return question.match(NAME) ?? [];
}

// Number words from two up (un/one are articles and pronouns as often as numbers).
const NUMBER_WORD = wordPattern(
  'deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|quinze|vingt|trente|quarante|cinquante|soixante|cent|' +
    'mille|millions?|milliards?|douzaines?|centaines?|milliers?|moitié|two|three|four|five|six|seven|eight|nine|ten|' +
    'eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundreds?|thousands?|millions?|billions?|dozens?|half',
);

/** What joins the words of a compound name: a hyphen (*git-crypt*) or a dot (*mentors.debian.net*). */
export const COMPOUND_JOINER = /[-.]/u;

// Words joined by hyphens, or three or more joined by dots (a domain). Two joined by a dot are code as often
// (*obj.method*, *items.length*), and a slash joins alternatives (*majuscules/minuscules*).
const COMPOUND =
  /(?<![\p{L}\p{N}.-])(?:[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+|[\p{L}\p{N}]+(?:\.[\p{L}\p{N}]+){2,})(?![\p{L}\p{N}]|[.-][\p{L}\p{N}])/gu;

/**
 * The compound names a question writes, words joined by hyphens or a domain's dots (*git-crypt*, *oh-my-bash*,
 * *mentors.debian.net*), as written.
 */
export function compoundsIn(question: string): string[] {
  return question.match(COMPOUND) ?? [];
}

/** Whether `text` states a number: a digit or a number word. */
export function statesNumber(text: string): boolean {
  const quantities = text.replace(CROSS_REFERENCE, ' ');
  return /\p{Nd}/u.test(quantities) || NUMBER_WORD.test(quantities);
}

// A number that points elsewhere in the documents ("Chapitre 8", "Section 8.1.2", "p. 43", "§ 3") counts nothing.
const CROSS_REFERENCE = new RegExp(
  '(?<![\\p{L}\\p{N}])(?:chapitres?|chapters?|sections?|sect\\.|§|pages?|p\\.|pp\\.|figures?|fig\\.|annexes?|' +
    'appendix|appendices|parties|partie|parts?|étapes?|steps?)\\s*\\d+(?:[.,]\\d+)*(?![\\p{L}\\p{N}])',
  'giu',
);

/** A case-insensitive pattern matching one of `alternatives` as whole words (letters with accents included). */
function wordPattern(alternatives: string): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})(?![\\p{L}\\p{N}])`, 'iu');
}

// Openings of a question asking how to do something.
const HOW_QUESTION = wordPattern(
  'comment|de quelle (?:manière|façon)|how\\s+(?:do|can|could|should|would|to)|is\\s+there\\s+a\\s+way|' +
    'what\\s+(?:command|option)|quelle\\s+(?:commande|option)',
);

/**
 * Whether `question` asks how to do something. In documentation, such a question is answered by the sentence that
 * names what to use — a command, an option, a function, a file — more often than by one that only discusses it.
 */
export function asksHow(question: string): boolean {
  return HOW_QUESTION.test(question);
}

/**
 * Whether `sentence` names something to type or use: inline code, a call `name()`, an option `--flag`, an
 * assignment `key=value`, a path `/etc/…` or `dir/file`.
 */
export function namesSomethingToUse(sentence: string): boolean {
  return /`[^`\n]+`|[\p{L}\p{N}_.]+\(\)|(?:^|[\s(«"“])--?[a-z][\w-]*|[\w.-]+=[\w.-]+|(?:^|\s)\/?[\w.-]+\/[\w.-]+/u.test(
    sentence,
  );
}
