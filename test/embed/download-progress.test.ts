import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  createDownloadReporter,
  describeUnfinished,
  trackUnfinishedDownloads,
} from '../../src/embed/download-progress.ts';

const MB = 1024 * 1024;

function fakeTerminal(): Writable & { isTTY: boolean; columns: number; written: string } {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      stream.written += chunk.toString();
      callback();
    },
  }) as Writable & {
    isTTY: boolean;
    columns: number;
    written: string;
    cursorTo: () => boolean;
    clearLine: () => boolean;
  };
  stream.written = '';
  stream.isTTY = true;
  stream.columns = 120;
  stream.cursorTo = () => true;
  stream.clearLine = () => true;
  return stream;
}

/** A reporter writing to a log (not a terminal) on a clock the test moves. */
function logReporter(logEveryMs?: number) {
  const clock = { now: 0 };
  const lines: string[] = [];
  const report = createDownloadReporter({
    stream: { isTTY: false } as unknown as NodeJS.WritableStream,
    writeLine: (line) => lines.push(line),
    now: () => clock.now,
    ...(logEveryMs === undefined ? {} : { logEveryMs }),
  });
  return { clock, lines, report };
}

describe('createDownloadReporter', () => {
  it('GIVEN a download in a log (no terminal) THEN a line at first, one per interval, and one when done', () => {
    const { clock, lines, report } = logReporter(5000);
    const file = 'onnx/model_quantized.onnx';
    report({ status: 'progress', file, loaded: 0, total: 100 * MB });
    clock.now = 1000;
    report({ status: 'progress', file, loaded: 10 * MB, total: 100 * MB });
    clock.now = 2000;
    report({ status: 'progress', file, loaded: 20 * MB, total: 100 * MB });
    clock.now = 6500;
    report({ status: 'progress', file, loaded: 65 * MB, total: 100 * MB });
    clock.now = 10_000;
    report({ status: 'progress', file, loaded: 100 * MB, total: 100 * MB });
    report({ status: 'done', file });
    expect(lines).toEqual([
      'downloading onnx/model_quantized.onnx: 10.0 of 100.0 MB (10%), 10.0 MB/s',
      'downloading onnx/model_quantized.onnx: 65.0 of 100.0 MB (65%), 10.0 MB/s',
      'downloaded onnx/model_quantized.onnx: 100.0 MB in 10.0 s',
    ]);
  });

  it('GIVEN a file read in less than the threshold (a local file) THEN nothing is shown', () => {
    const { clock, lines, report } = logReporter();
    report({ status: 'progress', file: 'tokenizer.json', loaded: 0, total: 9 * MB });
    clock.now = 40;
    report({ status: 'progress', file: 'tokenizer.json', loaded: 9 * MB, total: 9 * MB });
    report({ status: 'done', file: 'tokenizer.json' });
    expect(lines).toEqual([]);
  });

  it('GIVEN a terminal THEN a bar with the file, the percentage, the megabytes and the rate', () => {
    let clock = 0;
    const terminal = fakeTerminal();
    const report = createDownloadReporter({ stream: terminal, writeLine: () => undefined, now: () => clock });
    report({ status: 'progress', file: 'onnx/model.onnx', loaded: 0, total: 400 * MB });
    clock = 2000;
    report({ status: 'progress', file: 'onnx/model.onnx', loaded: 100 * MB, total: 400 * MB });
    report({ status: 'done', file: 'onnx/model.onnx' });
    expect(terminal.written).toContain('downloading onnx/model.onnx [');
    expect(terminal.written).toContain('25% 100.0/400.0 MB 50.0 MB/s');
  });
});

describe('trackUnfinishedDownloads', () => {
  it('GIVEN files done and one cut short THEN only the one cut short, described with how far it got', () => {
    const tracker = trackUnfinishedDownloads();
    tracker.onProgress({ status: 'progress', file: 'config.json', loaded: 700, total: 700 });
    tracker.onProgress({ status: 'done', file: 'config.json' });
    tracker.onProgress({ status: 'progress', file: 'onnx/model.onnx', loaded: 40 * MB, total: 118 * MB });
    expect(tracker.unfinished()).toEqual([{ file: 'onnx/model.onnx', loaded: 40 * MB, total: 118 * MB }]);
    expect(describeUnfinished(tracker.unfinished())).toBe(
      'the download of onnx/model.onnx stopped after 40.0 of 118.0 MB; the partial file ' +
        'was discarded (nothing incomplete is kept in the cache), so the next start downloads ' +
        'it again from the beginning',
    );
  });
});
