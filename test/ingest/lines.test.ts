import { describe, expect, it } from 'vitest';
import { createLineLocator, lineAt, lineRange } from '../../src/ingest/lines.ts';
import { makePassage } from '../support/fake-index.ts';

describe('createLineLocator', () => {
  it('GIVEN \\n and \\r\\n line breaks THEN each counts once and offsets map to their line', () => {
    const lines = createLineLocator('one\r\ntwo\nthree', [[0, 1]]);
    expect([0, 4, 5, 9, 13].map((offset) => lines.lineOf(offset))).toEqual([1, 1, 2, 3, 3]);
  });
  it('GIVEN anchors THEN anchorsWithin gives those inside the slice, relative to its start, after the start line', () => {
    const lines = createLineLocator('a\nb\nc\nd', [
      [0, 1],
      [4, 20],
    ]);
    expect(lines.anchorsWithin(2, 7)).toEqual([
      [0, 2],
      [2, 20],
    ]);
  });
});

describe('lineAt', () => {
  it('GIVEN newlines in the passage THEN lines count from the passage start line', () => {
    const passage = makePassage({ text: 'a\nb\r\nc', lineStart: 10 });
    expect(lineAt(passage, 0)).toBe(10);
    expect(lineAt(passage, 2)).toBe(11);
    expect(lineAt(passage, 5)).toBe(12);
  });
  it('GIVEN line anchors (html blocks) THEN the last anchor before the offset decides', () => {
    const passage = {
      ...makePassage({ text: 'Title\nFirst para\nSecond', lineStart: 3 }),
      lineAnchors: [
        [0, 3],
        [6, 9],
        [17, 15],
      ] as const,
    };
    expect(lineAt(passage, 7)).toBe(9);
    expect(lineAt(passage, 20)).toBe(15);
    expect(lineRange(passage, 6, 23)).toEqual([9, 15]);
  });
});

describe('lineRange', () => {
  it('GIVEN anchors that do not start at offset 0 THEN text before the first anchor counts from the passage start line', () => {
    const passage = { ...makePassage({ text: 'intro\nmore\nlater', lineStart: 4 }), lineAnchors: [[11, 30]] as const };
    expect(lineAt(passage, 0)).toBe(4);
    expect(lineAt(passage, 6)).toBe(5);
    expect(lineRange(passage, 6, 14)).toEqual([5, 30]);
  });
  it('GIVEN a range ending just after a line break THEN the break does not add a line', () => {
    const passage = makePassage({ text: 'first\nsecond', lineStart: 1 });
    expect(lineRange(passage, 0, 6)).toEqual([1, 1]);
  });
});
