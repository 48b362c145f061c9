import type { Embedder } from '../embed/types.ts';
import type { Passage } from '../ingest/types.ts';
import { calibrateVectors } from '../index/calibration.ts';
import type { VectorCalibration } from '../index/types.ts';

// Question-like texts embedded per build: about a second with the default model on 2 cores.
const PROBES = 48;
// A heading this short says too little to stand for a question (a bare "Notes", "prerm").
const MIN_HEADING_WORDS = 3;

/**
 * Measures what the embedder's similarities mean on this corpus (see `calibrateVectors`):
 * passages spread evenly over the corpus each give a question-like probe — their heading when
 * it says something, else their opening sentence — embedded as a question, as a user's would be.
 */
export async function measureCalibration(
  embedder: Embedder,
  passages: readonly Passage[],
  vectors: Float32Array,
): Promise<VectorCalibration | null> {
  const step = Math.max(1, passages.length / PROBES);
  const probes = [];
  for (let at = 0; Math.floor(at) < passages.length && probes.length < PROBES; at += step) {
    const row = Math.floor(at);
    const text = probeText(passages[row]!);
    if (text !== '') probes.push({ vector: await embedder.embedQuery(text), row });
  }
  return calibrateVectors({
    probes,
    vectors,
    dimensions: embedder.dimensions,
    documentOf: (row) => passages[row]?.path ?? '',
  });
}

function probeText(passage: Passage): string {
  const heading = passage.section.at(-1)?.trim() ?? '';
  if (heading.split(/\s+/u).length >= MIN_HEADING_WORDS && heading !== passage.title) return heading;
  return passage.text.slice(passage.sentenceStarts[0] ?? 0, passage.sentenceStarts[1] ?? passage.text.length).trim();
}
