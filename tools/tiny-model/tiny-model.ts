import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stopwords as englishStopwords } from '@orama/stopwords/english';
import { stopwords as frenchStopwords } from '@orama/stopwords/french';
import { CitebotError } from '../../src/errors.ts';
import { foldAccents } from '../../src/index/tokenizer.ts';
import { encodeGatherModel, encodeQuantizedGatherModel, type EmbeddingTable } from './onnx-gather-model.ts';
import { ENGLISH_WORDS, EXTRA_STOPWORDS, FRENCH_WORDS } from './words.ts';

/** Model id of the generated model; its files live in `<rootDir>/citebot/tiny-embedder/`. */
export const TINY_MODEL_ID = 'citebot/tiny-embedder';

/** Bump whenever the generated files change, so cached copies are regenerated. */
export const TINY_MODEL_VERSION = 4;

const MAX_SEQUENCE_LENGTH = 512;
// Beyond this the embedding table alone passes 100 MB.
const MAX_DIMENSIONS = 4096;
const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;
const SUBWORD_PREFIX = '##';
// Letters left after lowercasing and stripping accents, plus digits.
const ALPHABET = [...'abcdefghijklmnopqrstuvwxyz0123456789', 'œ', 'æ', 'ß'];
// Endings that change a word's form rather than its meaning: split off so `ministres`
// reads as `ministre ##s` and stays close to `ministre`.
const INFLECTION_SUFFIXES = [
  's',
  'x',
  'e',
  'es',
  'ee',
  'ees',
  'ent',
  'ant',
  'er',
  'ez',
  'ait',
  'aient',
  'ons',
  'ions',
  'ed',
  'ing',
  'ly',
  'ment',
  'tion',
  'tions',
  'al',
  'aux',
  'ale',
  'ales',
  'eur',
  'eurs',
  'euse',
  'ite',
  'ique',
  'iques',
  'isme',
  'iste',
  'istes',
  'ness',
  'ers',
];

/**
 * How much each kind of token weighs in a mean-pooled vector. Whole content words carry
 * the meaning; stop words, endings and spelling fragments add little, so two texts are
 * close when they share content words, as with a lexical (bag-of-words) similarity.
 * Special tokens are near zero: they are in every text and must not make texts alike.
 */
const TOKEN_WEIGHTS = {
  special: 0.001,
  stopword: 0.08,
  suffix: 0.15,
  fragmentStart: 0.5,
  fragmentContinuation: 0.3,
  word: 1,
} as const;
type TokenKind = keyof typeof TOKEN_WEIGHTS;

/** What {@link writeTinyModel} wrote. */
export interface TinyModelLocation {
  /** Pass as `EmbedderOptions.modelId`. */
  readonly modelId: string;
  /** Pass as `EmbedderOptions.localModelPath`. */
  readonly localModelPath: string;
}

/** The tokenizer's own normalisation (BertNormalizer: lowercase, strip accents). */
function normalizeWord(text: string): string {
  return foldAccents(text).toLowerCase();
}

function vocabularyWords(list: string): string[] {
  // `aujourd'hui` or `après-midi` reach the model as separate words: the pre-tokenizer splits on punctuation.
  return normalizeWord(list)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/** A vocabulary entry: its kind (weight) and the string its vector is seeded from. */
interface TokenEntry {
  readonly kind: TokenKind;
  readonly seed: string;
}

/**
 * French verbs inflect at the end (`renforcer`, `renforcé`, `renforcent`): their stem is
 * a token too, sharing the verb's vector, so every form reads as that vector plus a light
 * ending (`renforc ##e`) and stays close to the infinitive.
 */
function frenchVerbStem(word: string): string | undefined {
  return word.length >= 6 && /(er|ir)$/.test(word) ? word.slice(0, -2) : undefined;
}

/** Every token in id order; the first occurrence of a token wins. */
function buildVocabulary(): Map<string, TokenEntry> {
  const vocabulary = new Map<string, TokenEntry>();
  const add = (token: string, kind: TokenKind, seed = token) => {
    if (!vocabulary.has(token)) vocabulary.set(token, { kind, seed });
  };
  for (const token of SPECIAL_TOKENS) add(token, 'special');
  for (const word of vocabularyWords([...frenchStopwords, ...englishStopwords, EXTRA_STOPWORDS].join(' ')))
    add(word, 'stopword');
  for (const word of vocabularyWords(FRENCH_WORDS)) {
    const stem = frenchVerbStem(word);
    add(word, 'word', stem);
    if (stem) add(stem, 'word');
  }
  for (const word of vocabularyWords(ENGLISH_WORDS)) add(word, 'word');
  for (const suffix of INFLECTION_SUFFIXES) add(SUBWORD_PREFIX + suffix, 'suffix');
  // Every single character and pair, at the start of a word and inside it: any word made
  // of these characters tokenizes into known pieces instead of [UNK].
  for (const first of ALPHABET) {
    add(first, 'fragmentStart');
    add(SUBWORD_PREFIX + first, 'fragmentContinuation');
  }
  for (const first of ALPHABET) {
    for (const second of ALPHABET) {
      add(first + second, 'fragmentStart');
      add(SUBWORD_PREFIX + first + second, 'fragmentContinuation');
    }
  }
  return vocabulary;
}

const utf8 = new TextEncoder();

/** FNV-1a: a stable 32-bit seed from a token. */
function hashToken(token: string): number {
  let hash = 0x811c9dc5;
  for (const byte of utf8.encode(token)) {
    hash = Math.imul(hash ^ byte, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: small, fast, good enough to make near-orthogonal random directions. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function embeddingTable(vocabulary: Map<string, TokenEntry>, dimensions: number): EmbeddingTable {
  const values = new Float32Array(vocabulary.size * dimensions);
  let row = 0;
  for (const { kind, seed } of vocabulary.values()) {
    const random = seededRandom(hashToken(seed));
    const rowValues = values.subarray(row * dimensions, (row + 1) * dimensions);
    let squares = 0;
    for (let i = 0; i < dimensions; i++) {
      const value = random() * 2 - 1;
      rowValues[i] = value;
      squares += value * value;
    }
    const scale = TOKEN_WEIGHTS[kind] / Math.sqrt(squares);
    for (let i = 0; i < dimensions; i++) rowValues[i] = (rowValues[i] ?? 0) * scale;
    row++;
  }
  return { rows: vocabulary.size, columns: dimensions, values };
}

function tokenizerJson(vocabulary: Map<string, TokenEntry>): unknown {
  const ids = Object.fromEntries([...vocabulary.keys()].map((token, id) => [token, id]));
  const special = (token: (typeof SPECIAL_TOKENS)[number]) => ({ id: token, ids: [ids[token]], tokens: [token] });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((token, id) => ({
      id,
      content: token,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: true,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: { '[CLS]': special('[CLS]'), '[SEP]': special('[SEP]') },
    },
    decoder: { type: 'WordPiece', prefix: SUBWORD_PREFIX, cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: SUBWORD_PREFIX,
      max_input_chars_per_word: 100,
      vocab: ids,
    },
  };
}

function tokenizerConfigJson(): unknown {
  return {
    tokenizer_class: 'BertTokenizer',
    model_max_length: MAX_SEQUENCE_LENGTH,
    do_lower_case: true,
    strip_accents: true,
    unk_token: '[UNK]',
    sep_token: '[SEP]',
    pad_token: '[PAD]',
    cls_token: '[CLS]',
    mask_token: '[MASK]',
  };
}

function configJson(vocabularySize: number, dimensions: number): unknown {
  return {
    architectures: ['BertModel'],
    model_type: 'bert',
    hidden_size: dimensions,
    vocab_size: vocabularySize,
    max_position_embeddings: MAX_SEQUENCE_LENGTH,
    pad_token_id: 0,
    citebot: {
      version: TINY_MODEL_VERSION,
      note: 'Generated by citebot: a token lookup table, not a trained model. For tests and offline demos.',
    },
  };
}

/**
 * Writes a small embedding model that Transformers.js loads like any BERT export:
 * `onnx/model.onnx` (one Gather over a table of deterministic pseudo-random token
 * vectors; dtype fp32), `onnx/model_quantized.onnx` (the same table in 8 bits; dtype q8),
 * `tokenizer.json` (WordPiece over ~2,600 common French and English words,
 * stems and stop words, plus character pieces so any Latin-script text tokenizes),
 * `tokenizer_config.json` and `config.json`: ~11 MB at 384 dimensions. Mean-pooled,
 * its vectors behave like a weighted bag of words: texts sharing content words are
 * close. Deterministic: same input, same bytes.
 *
 * @throws CitebotError USAGE when `dimensions` is not a whole number from 1 to 4096.
 */
export async function writeTinyModel(
  rootDir: string,
  options: { dimensions?: number } = {},
): Promise<TinyModelLocation> {
  const dimensions = options.dimensions ?? 384;
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > MAX_DIMENSIONS) {
    throw new CitebotError(
      'USAGE',
      `the tiny model's dimensions must be a whole number from 1 to ${MAX_DIMENSIONS}, got ${dimensions}`,
    );
  }
  const vocabulary = buildVocabulary();
  const modelDir = join(rootDir, ...TINY_MODEL_ID.split('/'));
  await mkdir(join(modelDir, 'onnx'), { recursive: true });
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const table = embeddingTable(vocabulary, dimensions);
  await Promise.all([
    writeFile(join(modelDir, 'onnx', 'model.onnx'), encodeGatherModel(table)),
    writeFile(join(modelDir, 'onnx', 'model_quantized.onnx'), encodeQuantizedGatherModel(table)),
    writeFile(join(modelDir, 'tokenizer.json'), json(tokenizerJson(vocabulary))),
    writeFile(join(modelDir, 'tokenizer_config.json'), json(tokenizerConfigJson())),
    writeFile(join(modelDir, 'config.json'), json(configJson(vocabulary.size, dimensions))),
  ]);
  return { modelId: TINY_MODEL_ID, localModelPath: rootDir };
}
