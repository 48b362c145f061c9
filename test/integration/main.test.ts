import { EventEmitter } from 'node:events';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { buildIndex } from '../../src/pipeline/index.ts';
import { logUnhandledRejections, runCitebot } from '../../src/main.ts';
import { temporaryFolder } from '../support/temp.ts';

const seedCorpus = path.resolve(import.meta.dirname, '../../corpus');

function capture() {
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return { output, text: () => text };
}

describe('runCitebot', () => {
  it('GIVEN a fresh clone (no index, no token, no model) THEN it builds the index and answers typed questions in the terminal', async () => {
    const work = await temporaryFolder();
    const config = loadConfig({
      CORPUS_DIR: seedCorpus,
      INDEX_PATH: path.join(work, 'data', 'index.citebot'),
      MODEL_DIR: path.join(work, 'models'),
      ALLOW_REMOTE_MODELS: 'false',
    });
    const screen = capture();
    const input = Readable.from([
      "Qui a rencontré le ministre français de l'Intérieur ?\n",
      '\n',
      'Quel temps fera-t-il demain à Lyon ?\n',
    ]);
    const running = await runCitebot(config, { input, output: screen.output, logger: pino({ level: 'silent' }) });
    await running.finished;

    const text = screen.text();
    expect(text).toContain('No index was found');
    expect(text).toMatch(/Indexed 1 file\(s\) into \d+ passage\(s\)/);
    expect(text).toContain('no DISCORD_TOKEN is set');
    expect(text).toContain('M. Abdelouafi Laftit');
    expect(text).toMatch(/\[1\] Maroc france cooperation securitaire · ligne 1/);
    expect(text).toContain('Les documents ne répondent pas à cette question.');
  });

  it('GIVEN a corrupted index file THEN start-up says so and rebuilds it', async () => {
    const work = await temporaryFolder();
    await cp(seedCorpus, path.join(work, 'corpus'), { recursive: true });
    const indexPath = path.join(work, 'index.citebot');
    await writeFile(indexPath, 'this is not an index');
    const config = loadConfig({
      CORPUS_DIR: path.join(work, 'corpus'),
      INDEX_PATH: indexPath,
      MODEL_DIR: path.join(work, 'models'),
      ALLOW_REMOTE_MODELS: 'false',
    });
    const screen = capture();
    const running = await runCitebot(config, {
      input: Readable.from(['Qui est M. Darmanin ?\n']),
      output: screen.output,
      logger: pino({ level: 'silent' }),
    });
    await running.finished;
    expect(screen.text()).toContain('The index file is corrupted');
    expect(screen.text()).toContain('Darmanin');
  });

  it('GIVEN an index whose header is intact but whose body is damaged THEN start-up says so and rebuilds it', async () => {
    const work = await temporaryFolder();
    const indexPath = path.join(work, 'index.citebot');
    await buildIndex({
      corpusDir: seedCorpus,
      outPath: indexPath,
      language: 'auto',
      embedder: null,
      maxFileBytes: 1_000_000,
    });
    const bytes = await readFile(indexPath);
    bytes[bytes.length - 40]! ^= 0xff;
    await writeFile(indexPath, bytes);
    const config = loadConfig({
      CORPUS_DIR: seedCorpus,
      INDEX_PATH: indexPath,
      MODEL_DIR: path.join(work, 'models'),
      ALLOW_REMOTE_MODELS: 'false',
    });
    const screen = capture();
    const running = await runCitebot(config, {
      input: Readable.from(['Qui est Noureddine Boutayeb ?\n']),
      output: screen.output,
      logger: pino({ level: 'silent' }),
    });
    await running.finished;
    expect(screen.text()).toContain('checksum mismatch');
    expect(screen.text()).toMatch(/Indexed 1 file\(s\)/);
    expect(screen.text()).toContain('ministre délégué');
  });

  it('GIVEN a question that is too long THEN the loop says why and keeps answering', async () => {
    const work = await temporaryFolder();
    const config = loadConfig({
      CORPUS_DIR: seedCorpus,
      INDEX_PATH: path.join(work, 'index.citebot'),
      MODEL_DIR: path.join(work, 'models'),
      ALLOW_REMOTE_MODELS: 'false',
    });
    const screen = capture();
    const input = Readable.from([`${'mot '.repeat(2_500)}\n`, 'Qui est Noureddine Boutayeb ?\n']);
    const running = await runCitebot(config, { input, output: screen.output, logger: pino({ level: 'silent' }) });
    await running.finished;
    expect(screen.text()).toContain('The question is too long');
    expect(screen.text()).toContain('ministre délégué');
  });
});

describe('logUnhandledRejections', () => {
  it('GIVEN the handler installed on a process THEN an unhandled rejection is logged with its reason, and no longer once uninstalled', () => {
    const lines: string[] = [];
    const logger = pino(
      { level: 'error' },
      new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString('utf8')), done()) }),
    );
    const fakeProcess = new EventEmitter();
    const uninstall = logUnhandledRejections(logger, fakeProcess);
    fakeProcess.emit('unhandledRejection', new Error('reply failed'));
    uninstall();
    fakeProcess.emit('unhandledRejection', new Error('after uninstall'));

    expect(fakeProcess.listenerCount('unhandledRejection')).toBe(0);
    expect(lines).toHaveLength(1);
    const logged = JSON.parse(lines[0]!);
    expect(logged).toMatchObject({ event: 'unhandled_rejection', msg: 'unhandled promise rejection' });
    expect(logged.err.message).toBe('reply failed');
  });
});
