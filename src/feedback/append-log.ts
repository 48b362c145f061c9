import { mkdir, open, readFile, rename, truncate, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** What {@link AppendLog.open} found in an existing log. */
export interface LogContents<T> {
  /** Every complete line that parsed, in file order. */
  readonly records: T[];
  /** Complete lines that did not parse (kept aside in `<file>.rejected`, never silently dropped). */
  readonly rejectedLines: number;
  /** Bytes of an unfinished last line (a write cut by a crash: never acknowledged) removed at open. */
  readonly truncatedBytes: number;
}

interface PendingLine {
  readonly text: string;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * A JSON Lines file that only grows: `append()` resolves once its line is on disk
 * (`fdatasync`), so an acknowledged record survives a crash, a `kill -9` or a power cut.
 * Appends that arrive while a sync is running are written together by the next one (group
 * commit): a burst costs a few syncs, not one per record. `rewrite()` replaces the whole
 * file atomically (temp file, sync, rename, sync of the folder) for retention.
 *
 * One process writes a given log; readers (`npm run gaps`) may read it at any time.
 */
export class AppendLog<T> {
  private chain: Promise<unknown> = Promise.resolve();
  private pending: PendingLine[] = [];
  private flushQueued = false;
  private closed = false;

  private constructor(
    readonly file: string,
    private handle: FileHandle,
    private lineCount: number,
  ) {}

  /**
   * Opens (creating it and its folder if needed) the log at `file` and reads it back with
   * `parse` (which returns undefined for a line it does not accept). An unfinished last line
   * is cut off before anything is appended, so a new record never glues onto it.
   */
  static async open<T>(
    file: string,
    parse: (value: unknown) => T | undefined,
  ): Promise<{ log: AppendLog<T>; contents: LogContents<T> }> {
    await mkdir(path.dirname(file), { recursive: true });
    const contents = await readLog(file, parse);
    const log = new AppendLog<T>(
      file,
      await open(file, 'a', 0o600),
      contents.records.length + contents.rejected.length,
    );
    // Lines that do not parse move aside once (to be looked at, never lost), and an unfinished
    // last line goes: the log left behind holds exactly the records read.
    if (contents.rejected.length > 0) {
      await appendDurably(`${file}.rejected`, contents.rejected.join('\n') + '\n');
      await log.rewrite(() => contents.records);
    } else if (contents.truncatedBytes > 0) {
      await truncate(file, contents.completeBytes);
    }
    return {
      log,
      contents: {
        records: contents.records,
        rejectedLines: contents.rejected.length,
        truncatedBytes: contents.truncatedBytes,
      },
    };
  }

  /** Appends `record` as one line; resolves once it is durable, rejects if it could not be written. */
  append(record: T): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`${this.file} is closed`));
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ text: `${JSON.stringify(record)}\n`, resolve, reject });
      if (!this.flushQueued) {
        this.flushQueued = true;
        void this.serially(() => this.flush());
      }
    });
  }

  /**
   * Replaces the log's contents by `snapshot()` atomically. The snapshot is taken when the
   * rewrite runs, after every earlier write; appends still waiting for their sync are taken
   * in by it (the snapshot must hold them) and resolve with it.
   */
  rewrite(snapshot: () => readonly T[]): Promise<void> {
    return this.serially(async () => {
      const absorbed = this.pending.splice(0);
      try {
        const records = snapshot();
        const temporary = `${this.file}.${process.pid}.tmp`;
        await writeDurably(temporary, records.map((record) => `${JSON.stringify(record)}\n`).join(''));
        await rename(temporary, this.file);
        await syncFolder(path.dirname(this.file));
        await this.handle.close();
        this.handle = await open(this.file, 'a', 0o600);
        this.lineCount = records.length;
        for (const line of absorbed) line.resolve();
      } catch (error) {
        for (const line of absorbed) line.reject(error);
        throw error;
      }
    });
  }

  /** Lines in the file (as read at open, plus appends, or as rewritten). */
  get lines(): number {
    return this.lineCount;
  }

  /** Waits for pending appends, then closes the file. Appending afterwards fails. */
  close(): Promise<void> {
    this.closed = true;
    return this.serially(() => this.handle.close());
  }

  private async flush(): Promise<void> {
    this.flushQueued = false;
    const batch = this.pending.splice(0);
    if (batch.length === 0) return;
    try {
      await writeAll(this.handle, Buffer.from(batch.map((line) => line.text).join(''), 'utf8'));
      await this.handle.datasync();
      this.lineCount += batch.length;
      for (const line of batch) line.resolve();
    } catch (error) {
      for (const line of batch) line.reject(error);
    }
  }

  // File operations run one after the other, in call order.
  private serially<R>(operation: () => Promise<R>): Promise<R> {
    const run = this.chain.then(operation);
    this.chain = run.catch(() => undefined);
    return run;
  }
}

/**
 * Reads the log at `file` without opening it for writing (a reader next to the writing
 * process): every complete line that parses; an unfinished last line is ignored.
 */
export async function readLogRecords<T>(file: string, parse: (value: unknown) => T | undefined): Promise<T[]> {
  return (await readLog(file, parse)).records;
}

async function readLog<T>(
  file: string,
  parse: (value: unknown) => T | undefined,
): Promise<{ records: T[]; rejected: string[]; completeBytes: number; truncatedBytes: number }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { records: [], rejected: [], completeBytes: 0, truncatedBytes: 0 };
    throw error;
  }
  const completeBytes = bytes.lastIndexOf(0x0a) + 1;
  const records: T[] = [];
  const rejected: string[] = [];
  for (const line of bytes.subarray(0, completeBytes).toString('utf8').split('\n')) {
    if (line.trim() === '') continue;
    const record = parseLine(line, parse);
    if (record === undefined) rejected.push(line);
    else records.push(record);
  }
  return { records, rejected, completeBytes, truncatedBytes: bytes.length - completeBytes };
}

function parseLine<T>(line: string, parse: (value: unknown) => T | undefined): T | undefined {
  try {
    return parse(JSON.parse(line));
  } catch {
    return undefined;
  }
}

async function writeAll(handle: FileHandle, buffer: Buffer): Promise<void> {
  let offset = 0;
  while (offset < buffer.length) {
    const { bytesWritten } = await handle.write(buffer, offset, buffer.length - offset);
    offset += bytesWritten;
  }
}

async function writeDurably(file: string, text: string): Promise<void> {
  const handle = await open(file, 'w', 0o600);
  try {
    await writeAll(handle, Buffer.from(text, 'utf8'));
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function appendDurably(file: string, text: string): Promise<void> {
  const handle = await open(file, 'a', 0o600);
  try {
    await writeAll(handle, Buffer.from(text, 'utf8'));
    await handle.sync();
  } finally {
    await handle.close();
  }
}

// A rename is durable only once the folder that holds the name is synced.
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
