import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CitebotError } from '../errors.ts';

/** Who holds a build lock: what the lock file holds. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** ISO time the build started. */
  readonly startedAt: string;
}

/** How {@link acquireBuildLock} waits for a build already running. */
export interface BuildLockOptions {
  /** How long to wait for the other build to finish before failing with INDEX_LOCKED. Default 60 s. */
  readonly waitMs?: number;
  /** Time between two looks at the lock. Default 250 ms. */
  readonly pollMs?: number;
  /** Told once, when the build starts waiting, who it waits for. */
  readonly onWait?: (message: string) => void;
}

/** A held lock. */
export interface BuildLock {
  readonly path: string;
  /** Removes the lock file (only if it is still this build's). */
  release(): Promise<void>;
}

/** The lock file of the index at `outPath`: next to it, so every build of that output sees the same file. */
export function lockPathOf(outPath: string): string {
  return join(dirname(outPath), `${basename(outPath)}.lock`);
}

// A lock file still empty or half written this long after it was created belongs to a build that died creating it.
const UNREADABLE_LOCK_GRACE_MS = 10_000;

/**
 * Takes the exclusive lock on the index output `outPath`: a lock file created with O_EXCL
 * that holds the pid, host and start time of this build. When another build holds it, waits
 * up to `waitMs` for it to finish, then throws INDEX_LOCKED naming the holder. A lock left by
 * a process that no longer runs on this host is taken over.
 */
export async function acquireBuildLock(outPath: string, options: BuildLockOptions = {}): Promise<BuildLock> {
  const path = lockPathOf(outPath);
  await mkdir(dirname(path), { recursive: true });
  const me: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  const mine = JSON.stringify(me);
  const waitMs = options.waitMs ?? 60_000;
  const deadline = Date.now() + waitMs;
  let told = false;
  for (;;) {
    if (await createExclusively(path, mine)) return { path, release: () => releaseIfMine(path, mine) };
    const held = await readHolder(path);
    if (held === 'gone') continue;
    if (await isStale(path, held)) {
      await takeOver(path, held);
      continue;
    }
    if (Date.now() >= deadline) throw lockedError(path, held, waitMs);
    if (!told && waitMs > 0)
      options.onWait?.(
        `Another build is writing this index (${describeHolder(held)}): waiting up to ${Math.round(waitMs / 1000)} s for it to finish…`,
      );
    told = true;
    await sleep(options.pollMs ?? 250);
  }
}

async function createExclusively(path: string, content: string): Promise<boolean> {
  try {
    const handle = await open(path, 'wx');
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

type Held = { readonly holder: LockHolder | null; readonly raw: string };

async function readHolder(path: string): Promise<Held | 'gone'> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
  try {
    const parsed = JSON.parse(raw) as Partial<LockHolder>;
    const valid =
      typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.startedAt === 'string';
    return { holder: valid ? (parsed as LockHolder) : null, raw };
  } catch {
    return { holder: null, raw };
  }
}

async function isStale(path: string, held: Held): Promise<boolean> {
  if (held.holder === null) {
    const age = await stat(path).then(
      (info) => Date.now() - info.mtimeMs,
      () => 0,
    );
    return age > UNREADABLE_LOCK_GRACE_MS;
  }
  // A process on another machine (a shared folder) cannot be checked from here: it is waited for.
  return held.holder.host === hostname() && !processIsAlive(held.holder.pid);
}

/** True when a process with that id runs (EPERM: it runs, under another user). */
function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// Two builds may find the same stale lock: each moves it aside under its own name and checks that what it moved is
// what it judged stale; a fresh lock moved by mistake (the other build was faster) is put back.
async function takeOver(path: string, held: Held): Promise<void> {
  const aside = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await readFile(aside, 'utf8').catch(() => held.raw);
  if (moved !== held.raw) {
    await rename(aside, path).catch(() => undefined);
    return;
  }
  await rm(aside, { force: true });
}

async function releaseIfMine(path: string, mine: string): Promise<void> {
  const held = await readFile(path, 'utf8').catch(() => null);
  if (held === mine) await rm(path, { force: true });
}

function describeHolder(held: Held): string {
  return held.holder === null
    ? 'a build that has not written its name yet'
    : `pid ${held.holder.pid} on ${held.holder.host}, started ${held.holder.startedAt}`;
}

function lockedError(path: string, held: Held, waitMs: number): CitebotError {
  return new CitebotError(
    'INDEX_LOCKED',
    `${path} is held by ${describeHolder(held)}; waited ${Math.round(waitMs / 1000)} s. Let that build finish, or stop it; ` +
      'if it no longer runs (e.g. on another machine sharing the folder), delete the lock file',
  );
}

/**
 * Removes the temporary files that builds of `outPath` write before renaming them over it
 * (`.<name>.<pid>.<random>.tmp`, see `writeFileAtomically`), left by a build that was killed.
 * Only called while holding the lock: no other build is writing one. Returns the names removed.
 */
export async function removeStaleTemporaryFiles(outPath: string): Promise<string[]> {
  const folder = dirname(outPath);
  const name = basename(outPath).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^\\.${name}\\.\\d+\\.[0-9a-f]+\\.tmp$`);
  const entries = await readdir(folder).catch(() => [] as string[]);
  const stale = entries.filter((entry) => pattern.test(entry));
  await Promise.all(stale.map((entry) => rm(join(folder, entry), { force: true })));
  return stale;
}
