import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

/** A running corpus watcher. */
export interface CorpusWatcher {
  close(): void;
}

/**
 * Calls `onSettled` once the corpus folder (sub-folders included) has had no change for
 * `debounceMs`: saving a file or copying a hundred makes one rebuild, not one per event.
 * Changes to `ignorePath` (an index written inside the corpus folder) do not count.
 */
export function watchCorpus(
  corpusDir: string,
  options: {
    readonly debounceMs: number;
    readonly ignorePath?: string;
    /** Keep the process alive while watching (the `--watch` command); the bot has its socket for that. */
    readonly persistent?: boolean;
    readonly onError?: (error: Error) => void;
  },
  onSettled: () => void,
): CorpusWatcher {
  const ignored = options.ignorePath ? path.relative(corpusDir, options.ignorePath) : undefined;
  let timer: NodeJS.Timeout | undefined;
  const changed = (file: string | null) => {
    if (ignored !== undefined && file !== null && (file === ignored || file.startsWith(`${ignored}.`))) return;
    clearTimeout(timer);
    timer = setTimeout(onSettled, options.debounceMs);
  };
  // Node 20 watches sub-folders recursively on Linux, macOS and Windows.
  const watcher: FSWatcher = watch(
    corpusDir,
    { recursive: true, persistent: options.persistent ?? false },
    (_event, file) => changed(file === null ? null : file.toString()),
  );
  watcher.on('error', (error) => options.onError?.(error));
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
