import { createHmac, randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { CitebotError } from '../errors.ts';
import { AppendLog, readLogRecords } from './append-log.ts';
import type { AnswerRecord, CitedPlace, FeedbackRecord, JudgedAnswer, Vote, VoteRecord } from './types.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The log of answers and votes, inside the feedback folder. */
export const FEEDBACK_LOG_FILE = 'feedback.jsonl';
/** The per-installation key user ids are hashed with, inside the feedback folder. */
export const FEEDBACK_SALT_FILE = 'salt';

const placeSchema = z.object({
  path: z.string(),
  title: z.string(),
  section: z.array(z.string()),
});

const recordSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('answer'),
    at: z.iso.datetime(),
    answerId: z.string().nullable(),
    question: z.string(),
    answered: z.boolean(),
    via: z.string(),
    guildId: z.string().nullable(),
    place: placeSchema.nullable(),
  }),
  z.object({
    kind: z.literal('vote'),
    at: z.iso.datetime(),
    answerId: z.string(),
    voter: z.string(),
    vote: z.enum(['helpful', 'unhelpful']),
  }),
]);

/** Reads one parsed JSON line back as a record, or undefined when it is not one. */
function parseFeedbackRecord(value: unknown): FeedbackRecord | undefined {
  const parsed = recordSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** Options of {@link FeedbackStore.open}. */
export interface FeedbackStoreOptions {
  /** Folder of the log and the salt (created if missing). */
  readonly dir: string;
  /** Answers older than this many days are dropped, with their votes. */
  readonly retentionDays: number;
  /** The clock (tests pass their own). */
  readonly now?: () => Date;
  /** Told when the daily retention pass fails (the store keeps working). */
  readonly onBackgroundError?: (error: unknown) => void;
}

/** What a vote did. */
export type VoteOutcome =
  | { readonly status: 'recorded' | 'changed' | 'unchanged'; readonly vote: Vote }
  /** The answer is not in the store: sent before feedback was recorded, or older than the retention. */
  | { readonly status: 'unknown-answer' };

/** What the store found when it opened. */
export interface FeedbackStoreReport {
  readonly answers: number;
  readonly votes: number;
  /** Records dropped by the retention setting (or superseded votes compacted away). */
  readonly dropped: number;
  readonly rejectedLines: number;
  readonly truncatedBytes: number;
}

interface AnswerState {
  readonly record: AnswerRecord;
  readonly votes: Map<string, VoteRecord>;
}

/**
 * Answers, uncovered questions and votes on disk, in an append-only JSON Lines log
 * ({@link AppendLog}): every record is synced before the call resolves. Voters are stored
 * as an HMAC-SHA-256 of their id under a random per-installation salt. Records older than
 * the retention are dropped when the store opens and once a day after.
 */
export class FeedbackStore {
  private readonly answers = new Map<string, AnswerState>();
  /** Answers without a message (auto-detected questions left unanswered): only for the report. */
  private silent: AnswerRecord[] = [];
  private compactTimer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly log: AppendLog<FeedbackRecord>,
    private readonly salt: Buffer,
    /** Answers older than this many days are dropped, with their votes. */
    readonly retentionDays: number,
    private readonly now: () => Date,
  ) {}

  /** Opens the store in `options.dir`, replays its log and applies the retention. */
  static async open(options: FeedbackStoreOptions): Promise<{ store: FeedbackStore; report: FeedbackStoreReport }> {
    try {
      return await FeedbackStore.openUnchecked(options);
    } catch (error) {
      if (error instanceof CitebotError) throw error;
      const detail = `${options.dir}: ${error instanceof Error ? error.message : String(error)}`;
      throw new CitebotError('FEEDBACK_UNAVAILABLE', detail, { cause: error });
    }
  }

  private static async openUnchecked(
    options: FeedbackStoreOptions,
  ): Promise<{ store: FeedbackStore; report: FeedbackStoreReport }> {
    await mkdir(options.dir, { recursive: true });
    const salt = await loadOrCreateSalt(path.join(options.dir, FEEDBACK_SALT_FILE));
    const { log, contents } = await AppendLog.open(path.join(options.dir, FEEDBACK_LOG_FILE), parseFeedbackRecord);
    const store = new FeedbackStore(log, salt, options.retentionDays, options.now ?? (() => new Date()));
    for (const record of contents.records) store.apply(record);
    const dropped = await store.compact();
    store.compactTimer = setInterval(() => void store.compact().catch(options.onBackgroundError), DAY_MS);
    store.compactTimer.unref();
    return {
      store,
      report: {
        answers: store.answers.size + store.silent.length,
        votes: [...store.answers.values()].reduce((sum, answer) => sum + answer.votes.size, 0),
        dropped,
        rejectedLines: contents.rejectedLines,
        truncatedBytes: contents.truncatedBytes,
      },
    };
  }

  /** Records an answer (its message id, question and first cited or nearest place). Resolves once on disk. */
  async recordAnswer(entry: Omit<AnswerRecord, 'kind' | 'at'>): Promise<void> {
    const record: AnswerRecord = { kind: 'answer', at: this.now().toISOString(), ...entry };
    // Applied before it is durable so that a retention rewrite running meanwhile keeps it; undone if the write fails.
    const previous = record.answerId === null ? undefined : this.answers.get(record.answerId);
    this.apply(record);
    try {
      await this.log.append(record);
    } catch (error) {
      if (record.answerId === null) this.silent = this.silent.filter((kept) => kept !== record);
      else if (previous) this.answers.set(record.answerId, previous);
      else this.answers.delete(record.answerId);
      throw error;
    }
  }

  /**
   * Records `userId`'s vote on the answer message `answerId`: one vote per user per answer, a
   * new one replacing the old. Resolves once on disk.
   */
  async vote(answerId: string, userId: string, vote: Vote): Promise<VoteOutcome> {
    const answer = this.answers.get(answerId);
    if (!answer) return { status: 'unknown-answer' };
    const voter = this.voterHash(userId);
    const previous = answer.votes.get(voter);
    if (previous?.vote === vote) return { status: 'unchanged', vote };
    const record: VoteRecord = { kind: 'vote', at: this.now().toISOString(), answerId, voter, vote };
    answer.votes.set(voter, record);
    try {
      await this.log.append(record);
    } catch (error) {
      if (answer.votes.get(voter) === record) {
        if (previous) answer.votes.set(voter, previous);
        else answer.votes.delete(voter);
      }
      throw error;
    }
    return { status: previous === undefined ? 'recorded' : 'changed', vote };
  }

  /** Every answer given since `since`, with its current votes. */
  judgedAnswers(since: Date): JudgedAnswer[] {
    const records = this.snapshot();
    return judge(
      records.filter((record): record is AnswerRecord => record.kind === 'answer'),
      records.filter((record): record is VoteRecord => record.kind === 'vote'),
      since,
    );
  }

  /** Stops the daily retention pass and closes the log after pending writes. */
  async close(): Promise<void> {
    clearInterval(this.compactTimer);
    await this.log.close();
  }

  /** Keyed hash of a Discord user id: the same user always gets the same voter, nobody can reverse it. */
  voterHash(userId: string): string {
    return createHmac('sha256', this.salt).update(userId).digest('hex').slice(0, 32);
  }

  private apply(record: FeedbackRecord): void {
    if (record.kind === 'answer') {
      if (record.answerId === null) this.silent.push(record);
      else this.answers.set(record.answerId, { record, votes: new Map() });
      return;
    }
    this.answers.get(record.answerId)?.votes.set(record.voter, record);
  }

  // What the log would hold if written now: answers oldest first, then each voter's current vote.
  private snapshot(): FeedbackRecord[] {
    const answers = [...this.silent, ...[...this.answers.values()].map((answer) => answer.record)];
    answers.sort((left, right) => left.at.localeCompare(right.at));
    const votes = [...this.answers.values()].flatMap((answer) => [...answer.votes.values()]);
    votes.sort((left, right) => left.at.localeCompare(right.at));
    return [...answers, ...votes];
  }

  /**
   * Drops answers older than the retention (with their votes), and rewrites the log when
   * that or superseded votes make it shorter. Returns how many lines went.
   */
  private async compact(): Promise<number> {
    const cutoff = this.now().getTime() - this.retentionDays * DAY_MS;
    for (const [id, answer] of this.answers) if (Date.parse(answer.record.at) < cutoff) this.answers.delete(id);
    this.silent = this.silent.filter((record) => Date.parse(record.at) >= cutoff);
    const before = this.log.lines;
    if (this.snapshot().length >= before) return 0;
    await this.log.rewrite(() => this.snapshot());
    return before - this.log.lines;
  }
}

/** The answers given since `since` with the tally of their votes. */
function judge(answers: readonly AnswerRecord[], votes: readonly VoteRecord[], since: Date): JudgedAnswer[] {
  const latest = new Map<string, VoteRecord>();
  for (const vote of votes) {
    const key = `${vote.answerId}\u0000${vote.voter}`;
    const seen = latest.get(key);
    if (!seen || seen.at <= vote.at) latest.set(key, vote);
  }
  const tally = new Map<string, { helpful: number; unhelpful: number }>();
  for (const vote of latest.values()) {
    const counts = tally.get(vote.answerId) ?? { helpful: 0, unhelpful: 0 };
    counts[vote.vote] += 1;
    tally.set(vote.answerId, counts);
  }
  return answers
    .filter((record) => Date.parse(record.at) >= since.getTime())
    .map((record) => ({
      record,
      ...((record.answerId === null ? undefined : tally.get(record.answerId)) ?? { helpful: 0, unhelpful: 0 }),
    }));
}

/**
 * The answers in the feedback folder `dir` without opening it for writing (for `npm run
 * gaps` next to a running bot). Missing folder: none.
 */
export async function readJudgedAnswers(dir: string, since: Date): Promise<JudgedAnswer[]> {
  const records = await readLogRecords(path.join(dir, FEEDBACK_LOG_FILE), parseFeedbackRecord);
  const answers = records.filter((record): record is AnswerRecord => record.kind === 'answer');
  const votes = records.filter((record): record is VoteRecord => record.kind === 'vote');
  // An answer id seen twice (a rewritten record) counts once: the last one wins.
  const byId = new Map<string, AnswerRecord>();
  const silent: AnswerRecord[] = [];
  for (const answer of answers) {
    if (answer.answerId === null) silent.push(answer);
    else byId.set(answer.answerId, answer);
  }
  return judge([...silent, ...byId.values()], votes, since);
}

/** The place an answer points to: its first quote's source, else (not covered) the nearest passage. */
export function placeOf(answer: {
  readonly quotes: ReadonlyArray<{ readonly source: number }>;
  readonly sources: ReadonlyArray<CitedPlace & { readonly n: number }>;
}): CitedPlace | null {
  const cited = answer.quotes[0]?.source;
  const source = answer.sources.find((candidate) => candidate.n === cited) ?? answer.sources[0];
  return source ? { path: source.path, title: source.title, section: [...source.section] } : null;
}

// The salt is written to a temporary file, then linked to its name: a crash never leaves an
// empty salt, and two processes starting together end up with the same one. Readable by its
// owner only. Losing it only means a user's old and new votes no longer match.
async function loadOrCreateSalt(file: string): Promise<Buffer> {
  const existing = await readFile(file, 'utf8').catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  });
  if (existing === undefined) await createSalt(file);
  const text = (existing ?? (await readFile(file, 'utf8'))).trim();
  if (!/^[0-9a-f]{64}$/.test(text))
    throw new CitebotError('FEEDBACK_UNAVAILABLE', `${file} is not a feedback salt (64 hexadecimal digits)`);
  return Buffer.from(text, 'hex');
}

async function createSalt(file: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(randomBytes(32).toString('hex'));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await link(temporary, file).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    });
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}
