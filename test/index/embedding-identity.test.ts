import { describe, expect, it } from 'vitest';
import { embeddingMismatch, indexDtype, type IndexManifest } from '../../src/index/index.ts';

const hybrid = (extra: Partial<IndexManifest> = {}): IndexManifest => ({
  formatVersion: 1,
  mode: 'hybrid',
  modelId: 'Xenova/multilingual-e5-small',
  dimensions: 384,
  language: 'auto',
  builtAt: '2026-01-01T00:00:00.000Z',
  passageCount: 0,
  files: {},
  ...extra,
});
const fulltext: IndexManifest = { ...hybrid(), mode: 'fulltext', modelId: null, dimensions: 0 };

describe('indexDtype', () => {
  it('GIVEN a recorded dtype THEN it; GIVEN none (an index built before it was recorded) THEN fp32', () => {
    expect(indexDtype(hybrid({ dtype: 'q8' }))).toBe('q8');
    expect(indexDtype(hybrid())).toBe('fp32');
  });

  it('GIVEN a fulltext index THEN null', () => {
    expect(indexDtype(fulltext)).toBeNull();
  });
});

describe('embeddingMismatch', () => {
  const model = { modelId: 'Xenova/multilingual-e5-small', dtype: 'q8' } as const;

  it('GIVEN the same model and dtype THEN null (comparable)', () => {
    expect(embeddingMismatch(hybrid({ dtype: 'q8' }), model)).toBeNull();
  });

  it('GIVEN another model THEN a reason naming both models', () => {
    expect(embeddingMismatch(hybrid({ modelId: 'other/model', dtype: 'q8' }), model)).toBe(
      'the index was built with other/model, the configured model is Xenova/multilingual-e5-small',
    );
  });

  it('GIVEN the same model in another dtype THEN a reason naming both dtypes and the setting', () => {
    expect(embeddingMismatch(hybrid({ dtype: 'fp32' }), model)).toBe(
      'the index was built with Xenova/multilingual-e5-small in fp32, the configured dtype is q8 (EMBEDDING_DTYPE)',
    );
  });

  it('GIVEN an index without a recorded dtype THEN it counts as fp32, and the reason says so', () => {
    expect(embeddingMismatch(hybrid(), { ...model, dtype: 'fp32' })).toBeNull();
    expect(embeddingMismatch(hybrid(), model)).toContain(
      'in fp32 (built before the dtype was recorded: such indexes are fp32), the configured dtype is q8',
    );
  });

  it('GIVEN a fulltext index THEN null whatever the model (no vectors to compare)', () => {
    expect(embeddingMismatch(fulltext, model)).toBeNull();
  });
});
