import type { EmbeddingDtype } from '../embed/types.ts';
import type { IndexManifest } from './types.ts';

/** Which model made a set of vectors: only vectors of the same model and dtype are comparable. */
export interface EmbeddingIdentity {
  readonly modelId: string;
  readonly dtype: EmbeddingDtype;
}

/** The dtype of a hybrid index's vectors; indexes built before the dtype was recorded were all fp32. Null: fulltext. */
export function indexDtype(manifest: IndexManifest): EmbeddingDtype | null {
  return manifest.mode === 'hybrid' ? (manifest.dtype ?? 'fp32') : null;
}

/**
 * Why question vectors of `model` cannot be compared with the passage vectors of the index described by `manifest`
 * (another model, or the same model with other weights), or null when they can (and for a `fulltext` index, which
 * has no vectors).
 */
export function embeddingMismatch(manifest: IndexManifest, model: EmbeddingIdentity): string | null {
  if (manifest.mode !== 'hybrid') return null;
  if (manifest.modelId !== model.modelId)
    return `the index was built with ${manifest.modelId ?? 'no model'}, the configured model is ${model.modelId}`;
  const dtype = indexDtype(manifest);
  if (dtype === model.dtype) return null;
  const unrecorded =
    manifest.dtype === undefined ? ' (built before the dtype was recorded: such indexes are fp32)' : '';
  return `the index was built with ${model.modelId} in ${dtype}${unrecorded}, the configured dtype is ${model.dtype} (EMBEDDING_DTYPE)`;
}
