import { load, save } from '@orama/orama';
import { describe, expect, it } from 'vitest';
import {
  bodyStart,
  CHECKSUM_FROM,
  checkChecksum,
  checkFixedHeader,
  checkSize,
  decodeIndexBody,
  encodeIndexFile,
  FIXED_HEADER_BYTES,
  parseHeader,
  sectionLayout,
  type SectionName,
} from '../../src/index/codec.ts';
import { createPassageDatabase, OramaPassageIndex } from '../../src/index/database.ts';
import { sampleContents } from './helpers.ts';

/** The index file's bytes, as one array (the codec hands out chunks, in file order). */
async function encodedSample(): Promise<Uint8Array> {
  const contents = await sampleContents();
  return Buffer.concat(encodeIndexFile(contents.manifest, save(contents.database)));
}

/** Decodes `bytes` with the codec alone, in memory: every check a load makes, no file. */
function decode(bytes: Uint8Array) {
  const path = 'memory';
  const fixed = bytes.subarray(0, FIXED_HEADER_BYTES);
  const headerLength = checkFixedHeader(path, fixed, bytes.byteLength);
  const headerBytes = bytes.subarray(FIXED_HEADER_BYTES, FIXED_HEADER_BYTES + headerLength);
  const header = parseHeader(path, headerBytes);
  checkSize(path, header, headerLength, bytes.byteLength);
  const start = bodyStart(headerLength);
  const pieces = [bytes.subarray(CHECKSUM_FROM, start)];
  const sections = {} as Record<SectionName, Uint8Array>;
  for (const { name, at, length, padding } of sectionLayout(path, header)) {
    sections[name] = bytes.slice(start + at, start + at + length);
    pieces.push(bytes.subarray(start + at, start + at + length + padding));
  }
  checkChecksum(path, fixed, pieces);
  const database = createPassageDatabase(header.manifest.language, header.manifest.dimensions);
  load(database, decodeIndexBody(header, sections));
  return new OramaPassageIndex(database, header.manifest);
}

describe('encodeIndexFile and decodeIndexBody', () => {
  it('GIVEN a database encoded in memory THEN the codec alone decodes it: same passages, manifest and hits', async () => {
    const contents = await sampleContents();
    const index = decode(await encodedSample());
    expect(index.manifest).toEqual(contents.manifest);
    expect(index.passages.map((passage) => passage.id)).toEqual(['maroc.txt#0', 'maroc.txt#1', 'cuisine.md#0']);
    expect(
      index.search({ text: 'échange renseignements', vector: null, limit: 3 }).map((hit) => hit.passage.id),
    ).toEqual(['maroc.txt#1']);
  });

  it('GIVEN a flipped byte in a section THEN checkChecksum says checksum mismatch', async () => {
    const bytes = await encodedSample();
    const at = bytes.byteLength - 9;
    bytes[at] = (bytes[at] ?? 0) ^ 0xff;
    expect(() => decode(bytes)).toThrow(expect.objectContaining({ code: 'INDEX_CORRUPT' }));
    expect(() => decode(bytes)).toThrow('memory: checksum mismatch');
  });

  it('GIVEN a header that places a section elsewhere THEN sectionLayout says which one is out of place', async () => {
    const bytes = await encodedSample();
    const headerLength = checkFixedHeader('memory', bytes, bytes.byteLength);
    const header = parseHeader('memory', bytes.subarray(FIXED_HEADER_BYTES, FIXED_HEADER_BYTES + headerLength));
    const moved = { ...header, sections: { ...header.sections, text: [header.sections.text[0] + 8, 0] } };
    expect(() => sectionLayout('memory', moved as typeof header)).toThrow('memory: section text is out of place');
    const longer = { ...header, bodyLength: header.bodyLength + 8 };
    expect(() => sectionLayout('memory', longer)).toThrow('memory: the sections do not fill the file');
  });
});
