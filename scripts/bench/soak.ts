/**
 * Hot-reload soak: the bot's life in a server, compressed. The index file is replaced
 * `reloads` times; after each swap, `questions` questions are asked and their answers kept in
 * the bot's own answer memory (as the Sources button and follow-ups need them). Prints RSS and
 * heap after each reload, and how many of the replaced indexes the garbage collector freed.
 *
 * `npm run bench -- --soak [--reloads 50] [--questions 20]` (run by bench.ts in a child with
 * `--expose-gc`, so the figures are after a full collection). Used by the leak test too.
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { AnswerMemory } from '../../src/discord/answer-memory.ts';
import type { PassageIndex } from '../../src/index/index.ts';
import { buildIndex, openKnowledgeBase } from '../../src/pipeline/index.ts';

/** What one soak run measured. */
export interface SoakResult {
  readonly reloads: number;
  readonly questionsPerReload: number;
  /** Size of the corpus text (every index holds it all). */
  readonly corpusMb: number;
  /** After each reload's questions (and a full collection when `gc` is exposed). */
  readonly steps: ReadonlyArray<{ readonly reload: number; readonly rssMb: number; readonly heapMb: number }>;
  /** Indexes replaced by a later one, and how many of them were garbage-collected at the end. */
  readonly replacedIndexes: number;
  readonly collectedIndexes: number;
  readonly gcExposed: boolean;
}

const TOPICS = [
  'harbour',
  'ferry',
  'ticket',
  'lighthouse',
  'market',
  'museum',
  'station',
  'bridge',
  'garden',
  'castle',
];

/** A corpus of `files` Markdown files of about `kilobytes` each, with sentences questions can match. */
async function writeCorpus(folder: string, files: number, kilobytes: number): Promise<number> {
  await mkdir(folder, { recursive: true });
  let bytes = 0;
  for (let file = 0; file < files; file++) {
    const lines = [`# Guide ${file}`, ''];
    for (let sentence = 0; lines.join('\n').length < kilobytes * 1024; sentence++) {
      const topic = TOPICS[(file + sentence) % TOPICS.length]!;
      lines.push(
        `The ${topic} number ${sentence} of district ${file} opens at ${(sentence % 12) + 1} o'clock and closes late in summer.`,
      );
    }
    const text = lines.join('\n');
    bytes += text.length;
    await writeFile(join(folder, `guide-${file}.md`), text);
  }
  return bytes;
}

/** Runs the soak in this process (call it in a process started with `--expose-gc` for exact figures). */
export async function runSoak(options: {
  readonly reloads: number;
  readonly questions: number;
  readonly files?: number;
  readonly kilobytesPerFile?: number;
  readonly onStep?: (step: SoakResult['steps'][number]) => void;
}): Promise<SoakResult> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const collect = async () => {
    for (let round = 0; round < 3; round++) {
      gc?.();
      // FinalizationRegistry callbacks run in later turns.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  const folder = await mkdtemp(join(tmpdir(), 'citebot-soak-'));
  try {
    const corpusBytes = await writeCorpus(join(folder, 'corpus'), options.files ?? 8, options.kilobytesPerFile ?? 256);
    const indexPath = join(folder, 'index.citebot');
    const built = join(folder, 'built.citebot');
    await buildIndex({
      corpusDir: join(folder, 'corpus'),
      outPath: built,
      language: 'en',
      embedder: null,
      maxFileBytes: 100 * 1024 * 1024,
    });
    await copyFile(built, indexPath);

    let collected = 0;
    const registry = new FinalizationRegistry<number>(() => collected++);
    let reloaded: ((index: PassageIndex) => void) | undefined;
    const knowledgeBase = await openKnowledgeBase({
      indexPath,
      embedder: null,
      logger: pino({ level: 'silent' }),
      watch: true,
      pollIntervalMs: 10,
      onReload: (index) => reloaded?.(index),
    });
    const memory = new AnswerMemory();
    // The index watcher does not keep the process alive (it must not hold the bot open): this does.
    const keepAlive = setInterval(() => {}, 1000);
    registry.register(knowledgeBase.index(), 0);
    const steps: SoakResult['steps'][number][] = [];
    let messageId = 0;
    for (let reload = 1; reload <= options.reloads; reload++) {
      const next = new Promise<PassageIndex>((resolve) => (reloaded = resolve));
      // A new file (new inode), as a build's atomic rename makes it.
      await copyFile(built, `${indexPath}.next`);
      await rename(`${indexPath}.next`, indexPath);
      registry.register(await next, reload);
      for (let question = 0; question < options.questions; question++) {
        const topic = TOPICS[(reload + question) % TOPICS.length]!;
        const asked = `When does the ${topic} number ${question} open?`;
        memory.remember(String(messageId++), { question: asked, answer: await knowledgeBase.ask(asked) });
      }
      await collect();
      const usage = process.memoryUsage();
      const step = { reload, rssMb: usage.rss / 2 ** 20, heapMb: usage.heapUsed / 2 ** 20 };
      steps.push(step);
      options.onStep?.(step);
    }
    clearInterval(keepAlive);
    await knowledgeBase.close();
    await collect();
    return {
      reloads: options.reloads,
      questionsPerReload: options.questions,
      corpusMb: corpusBytes / 2 ** 20,
      steps,
      // The index serving at the end is still in use; all the ones before it were replaced.
      replacedIndexes: options.reloads,
      collectedIndexes: collected,
      gcExposed: gc !== undefined,
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** Runs the soak in a child process with `--expose-gc` and returns its result. */
export function runSoakInChild(
  options: { reloads: number; questions: number; files?: number; kilobytesPerFile?: number },
  onLine?: (line: string) => void,
): Promise<SoakResult> {
  // Under tsx the TypeScript loader is in execArgv already; under a test runner it is not.
  const inherited = process.execArgv.filter((arg) => arg !== '--expose-gc');
  const args = [
    ...(inherited.some((arg) => arg.includes('tsx')) ? inherited : ['--import', 'tsx']),
    '--expose-gc',
    fileURLToPath(import.meta.url),
    JSON.stringify(options),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      let newline;
      while ((newline = output.indexOf('\n')) !== -1) {
        const line = output.slice(0, newline);
        output = output.slice(newline + 1);
        if (line.startsWith('{"result"')) resolve((JSON.parse(line) as { result: SoakResult }).result);
        else onLine?.(line);
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`the soak child exited with code ${code}`));
    });
  });
}

/** Prints the soak's figures for people. */
export function formatSoak(result: SoakResult): string {
  const first = result.steps[0];
  const last = result.steps.at(-1);
  return [
    `Soak: ${result.reloads} reloads × ${result.questionsPerReload} questions, corpus ${result.corpusMb.toFixed(1)} MB of text` +
      (result.gcExposed ? ' (figures after a full GC)' : ''),
    ...(first && last
      ? [
          `RSS ${first.rssMb.toFixed(0)} MB after reload 1 → ${last.rssMb.toFixed(0)} MB after ` +
            `reload ${last.reload}; heap ${first.heapMb.toFixed(0)} → ${last.heapMb.toFixed(0)} ` +
            `MB`,
        ]
      : []),
    `Replaced indexes garbage-collected: ${result.collectedIndexes} of ${result.replacedIndexes}`,
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const options = JSON.parse(process.argv[2] ?? '{}') as Parameters<typeof runSoak>[0];
  const result = await runSoak({
    ...options,
    onStep: (step) =>
      process.stdout.write(
        `reload ${String(step.reload).padStart(3)}: RSS ${step.rssMb.toFixed(0).padStart(5)} MB, heap ${step.heapMb.toFixed(0).padStart(5)} MB\n`,
      ),
  });
  process.stdout.write(`${JSON.stringify({ result })}\n`);
}
