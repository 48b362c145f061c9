/**
 * Writes the generated tiny embedding model (see tools/tiny-model/tiny-model.ts) for offline
 * demos and benchmarks: `npx tsx scripts/make-tiny-model.ts [--out models] [--dimensions 384]`.
 */
import { parseArgs } from 'node:util';
import { CitebotError, runCommand } from '../src/errors.ts';
import { writeTinyModel } from '../tools/tiny-model/tiny-model.ts';

const USAGE = 'Usage: tsx scripts/make-tiny-model.ts [--out models] [--dimensions 384]';

function parseOptions(args: string[]): { out: string; dimensions: number } {
  try {
    const { values } = parseArgs({
      args,
      options: { out: { type: 'string', default: 'models' }, dimensions: { type: 'string', default: '384' } },
      strict: true,
      allowPositionals: false,
    });
    return { out: values.out, dimensions: Number(values.dimensions) };
  } catch (error) {
    throw new CitebotError('USAGE', `${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
}

async function main(): Promise<void> {
  const { out, dimensions } = parseOptions(process.argv.slice(2));
  const started = performance.now();
  const { modelId, localModelPath } = await writeTinyModel(out, { dimensions });
  const elapsed = Math.round(performance.now() - started);
  console.log(`Wrote ${modelId} (${dimensions} dimensions) to ${localModelPath}/${modelId} in ${elapsed} ms.`);
  console.log(
    'It is a word-lookup table, not a trained model: fine for tests and offline demos, not for real answers.',
  );
  console.log(
    `Use it with: EMBEDDING_MODEL=${modelId} MODEL_DIR=${localModelPath} ALLOW_REMOTE_MODELS=false npm run index`,
  );
}

runCommand(main);
