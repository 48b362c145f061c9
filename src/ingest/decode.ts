import { CitebotError } from '../errors.ts';

/** How many leading bytes are sampled for control characters (NUL is looked for everywhere). */
const CONTROL_SAMPLE_BYTES = 8192;
/** Above this share of control characters in the sample, the file is taken for binary. */
const MAX_CONTROL_SHARE = 0.05;

/**
 * Decodes a text file as UTF-8, refusing what cannot be quoted faithfully.
 *
 * A leading UTF-8 byte order mark is dropped, so offsets into the result are offsets in the
 * decoded text (one less than the file's character positions when there was a BOM). Line
 * endings are kept as they are (`\r\n` stays), so offsets and line numbers match the file.
 *
 * @throws CitebotError FILE_BINARY (NUL bytes or many control characters), FILE_INVALID_UTF8
 *   (with the byte offset and line of the first bad byte), FILE_EMPTY (only white space).
 */
export function decodeText(path: string, bytes: Uint8Array): string {
  if (startsWithUtf16Bom(bytes)) {
    throw new CitebotError('FILE_INVALID_UTF8', `${path} is UTF-16 encoded; save it as UTF-8`);
  }
  const nulAt = bytes.indexOf(0);
  if (nulAt !== -1) {
    throw new CitebotError('FILE_BINARY', `${path} contains a NUL byte at byte ${nulAt}`);
  }
  const controlShare = shareOfControlBytes(bytes.subarray(0, CONTROL_SAMPLE_BYTES));
  if (controlShare > MAX_CONTROL_SHARE) {
    throw new CitebotError(
      'FILE_BINARY',
      `${path}: ${(controlShare * 100).toFixed(0)}% of its first bytes are control characters`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    const offset = firstInvalidUtf8Offset(bytes);
    const line = countLineFeeds(bytes, offset) + 1;
    throw new CitebotError(
      'FILE_INVALID_UTF8',
      `${path} has an invalid UTF-8 sequence at byte ${offset} (line ${line}); it may be Latin-1 or Windows-1252: save it as UTF-8`,
      { cause: error },
    );
  }
  if (text.trim() === '') {
    throw new CitebotError('FILE_EMPTY', `${path} has only white space`);
  }
  return text;
}

function startsWithUtf16Bom(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

/** Share of C0 control bytes other than tab, line feed, form feed, carriage return and escape. */
function shareOfControlBytes(sample: Uint8Array): number {
  if (sample.length === 0) return 0;
  let controls = 0;
  // An indexed loop: the typed-array iterator costs several times more on every file.
  for (let index = 0; index < sample.length; index++) {
    const byte = sample[index]!;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d && byte !== 0x1b) controls += 1;
  }
  return controls / sample.length;
}

function countLineFeeds(bytes: Uint8Array, end: number): number {
  let count = 0;
  for (let index = 0; index < end; index += 1) if (bytes[index] === 0x0a) count += 1;
  return count;
}

/**
 * Byte offset of the first sequence a fatal `TextDecoder` rejects (WHATWG rules: no overlong
 * forms, no surrogates, nothing above U+10FFFF, no truncated sequence). Only called once
 * decoding has failed, to tell the user where.
 */
function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index] ?? 0;
    if (lead < 0x80) {
      index += 1;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return index;
    for (let continuation = 1; continuation < length; continuation += 1) {
      const byte = bytes[index + continuation];
      const min = continuation === 1 ? low : 0x80;
      const max = continuation === 1 ? high : 0xbf;
      if (byte === undefined || byte < min || byte > max) return index;
    }
    index += length;
  }
  return bytes.length;
}
