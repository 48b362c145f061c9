import { Presets, SingleBar } from 'cli-progress';
import type { LoadProgress } from './session.ts';

/** Where and how {@link createDownloadReporter} shows downloads. */
export interface DownloadReporterOptions {
  /** A terminal (`isTTY`): one progress bar per file, drawn on it. */
  readonly stream: NodeJS.WritableStream & { readonly isTTY?: boolean };
  /** Not a terminal: one line per file every `logEveryMs` (and when it is done). */
  readonly writeLine: (line: string) => void;
  readonly now?: () => number;
  /** Files read faster than this (local files, the cache) are never shown. */
  readonly showAfterMs?: number;
  readonly logEveryMs?: number;
}

interface FileTransfer {
  readonly startedAt: number;
  loaded: number;
  total: number;
  shown: boolean;
  loggedAt: number;
  bar?: SingleBar;
}

const MB = 1024 * 1024;
const megabytes = (bytes: number) => (bytes / MB).toFixed(1);

/**
 * Turns Transformers.js's load events into what a person waiting for the first download wants to see: on a
 * terminal a bar per file (bytes, %, rate), otherwise a log line per file every few seconds. Files that take less
 * than `showAfterMs` (read from disk) show nothing.
 */
export function createDownloadReporter(options: DownloadReporterOptions): (progress: LoadProgress) => void {
  const now = options.now ?? Date.now;
  const showAfterMs = options.showAfterMs ?? 500;
  const logEveryMs = options.logEveryMs ?? 5000;
  const tty = options.stream.isTTY === true;
  const transfers = new Map<string, FileTransfer>();

  const rate = (transfer: FileTransfer) => transfer.loaded / MB / Math.max(0.001, (now() - transfer.startedAt) / 1000);
  const describe = (file: string, transfer: FileTransfer) =>
    `downloading ${file}: ${megabytes(transfer.loaded)} of ${transfer.total > 0 ? megabytes(transfer.total) : '?'} MB` +
    `${transfer.total > 0 ? ` (${Math.floor((100 * transfer.loaded) / transfer.total)}%)` : ''}, ${rate(transfer).toFixed(1)} MB/s`;

  const draw = (file: string, transfer: FileTransfer) => {
    if (tty) {
      if (!transfer.bar) {
        transfer.bar = new SingleBar(
          {
            stream: options.stream,
            format: `downloading ${file} [{bar}] {percentage}% {loadedMb}/{totalMb} MB {rate} MB/s`,
            hideCursor: true,
          },
          Presets.shades_classic,
        );
        transfer.bar.start(Math.max(1, transfer.total), transfer.loaded, {
          loadedMb: '0.0',
          totalMb: '?',
          rate: '0.0',
        });
      }
      transfer.bar.setTotal(Math.max(1, transfer.total));
      transfer.bar.update(transfer.loaded, {
        loadedMb: megabytes(transfer.loaded),
        totalMb: transfer.total > 0 ? megabytes(transfer.total) : '?',
        rate: rate(transfer).toFixed(1),
      });
    } else if (!transfer.shown || now() - transfer.loggedAt >= logEveryMs) {
      options.writeLine(describe(file, transfer));
      transfer.loggedAt = now();
    }
    transfer.shown = true;
  };

  return (progress) => {
    const file = progress.file;
    if (file === undefined) return;
    if (progress.status === 'progress') {
      let transfer = transfers.get(file);
      if (!transfer) {
        transfer = { startedAt: now(), loaded: 0, total: 0, shown: false, loggedAt: 0 };
        transfers.set(file, transfer);
      }
      transfer.loaded = progress.loaded ?? transfer.loaded;
      transfer.total = progress.total ?? transfer.total;
      if (transfer.shown || now() - transfer.startedAt >= showAfterMs) draw(file, transfer);
    } else if (progress.status === 'done') {
      const transfer = transfers.get(file);
      transfers.delete(file);
      if (!transfer?.shown) return;
      if (transfer.bar) transfer.bar.stop();
      else
        options.writeLine(
          `downloaded ${file}: ${megabytes(transfer.loaded)} MB in ${((now() - transfer.startedAt) / 1000).toFixed(1)} s`,
        );
    }
  };
}

/** What a download that did not finish had transferred, to say so in the error. */
export interface UnfinishedDownload {
  readonly file: string;
  readonly loaded: number;
  readonly total: number;
}

/** Follows load events and remembers the files whose transfer started and did not finish. */
export function trackUnfinishedDownloads(): {
  readonly onProgress: (progress: LoadProgress) => void;
  readonly unfinished: () => UnfinishedDownload[];
} {
  const inFlight = new Map<string, UnfinishedDownload>();
  return {
    onProgress(progress) {
      if (progress.file === undefined) return;
      if (progress.status === 'progress')
        inFlight.set(progress.file, { file: progress.file, loaded: progress.loaded ?? 0, total: progress.total ?? 0 });
      else if (progress.status === 'done') inFlight.delete(progress.file);
    },
    unfinished: () =>
      [...inFlight.values()].filter((download) => download.total === 0 || download.loaded < download.total),
  };
}

/** One sentence per unfinished download: how far it got, that nothing partial was kept, and what to do. */
export function describeUnfinished(downloads: readonly UnfinishedDownload[]): string {
  return downloads
    .map(
      (download) =>
        `the download of ${download.file} stopped after ${megabytes(download.loaded)} of ${download.total > 0 ? megabytes(download.total) : '?'} MB; ` +
        'the partial file was discarded (nothing incomplete is kept in the cache), so the next start downloads it again from the beginning',
    )
    .join('; ');
}
