import { spawn } from 'node:child_process';
import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCitebotError } from '../../src/errors.ts';
import { FEEDBACK_LOG_FILE, FEEDBACK_SALT_FILE, FeedbackStore, readJudgedAnswers } from '../../src/feedback/store.ts';
import type { AnswerRecord } from '../../src/feedback/types.ts';
import { temporaryFolder } from '../support/temp.ts';

const root = path.resolve(import.meta.dirname, '../..');
const DAY = 24 * 60 * 60 * 1000;

const answer = (answerId: string | null, overrides: Partial<AnswerRecord> = {}) => ({
  answerId,
  question: 'When does the harbour open?',
  answered: true,
  via: 'slash',
  guildId: '1200000000000000001',
  place: { path: 'harbour.md', title: 'Harbour rules', section: ['Harbour rules', 'Opening hours'] },
  ...overrides,
});

const logLines = async (dir: string) =>
  (await readFile(path.join(dir, FEEDBACK_LOG_FILE), 'utf8')).split('\n').filter((line) => line !== '');

describe('FeedbackStore', () => {
  it('GIVEN votes, a changed vote and a repeated vote THEN one vote per user per answer counts', async () => {
    const dir = await temporaryFolder();
    const { store } = await FeedbackStore.open({ dir, retentionDays: 30 });
    await store.recordAnswer(answer('a1'));
    expect(await store.vote('a1', 'alice', 'helpful')).toEqual({ status: 'recorded', vote: 'helpful' });
    expect(await store.vote('a1', 'alice', 'helpful')).toEqual({ status: 'unchanged', vote: 'helpful' });
    expect(await store.vote('a1', 'alice', 'unhelpful')).toEqual({ status: 'changed', vote: 'unhelpful' });
    expect(await store.vote('a1', 'bob', 'unhelpful')).toEqual({ status: 'recorded', vote: 'unhelpful' });
    expect(await store.vote('unknown', 'bob', 'helpful')).toEqual({ status: 'unknown-answer' });
    const [judged] = store.judgedAnswers(new Date(0));
    expect(judged).toMatchObject({ helpful: 0, unhelpful: 2 });
    await store.close();
  });

  it('GIVEN a reopened store THEN answers and votes are back and a vote on an old answer still counts', async () => {
    const dir = await temporaryFolder();
    const first = await FeedbackStore.open({ dir, retentionDays: 30 });
    await first.store.recordAnswer(answer('a1'));
    await first.store.vote('a1', 'alice', 'unhelpful');
    await first.store.close();
    const { store, report } = await FeedbackStore.open({ dir, retentionDays: 30 });
    expect(report).toMatchObject({ answers: 1, votes: 1, rejectedLines: 0, truncatedBytes: 0 });
    expect(await store.vote('a1', 'alice', 'unhelpful')).toEqual({ status: 'unchanged', vote: 'unhelpful' });
    expect(await store.vote('a1', 'alice', 'helpful')).toEqual({ status: 'changed', vote: 'helpful' });
    await store.close();
  });

  it('GIVEN user ids THEN the log holds only their salted hash, and the salt is private to the owner', async () => {
    const dir = await temporaryFolder();
    const { store } = await FeedbackStore.open({ dir, retentionDays: 30 });
    await store.recordAnswer(answer('a1'));
    await store.vote('a1', '1300000000000000042', 'helpful');
    await store.close();
    const log = await readFile(path.join(dir, FEEDBACK_LOG_FILE), 'utf8');
    expect(log).not.toContain('1300000000000000042');
    expect(log).toContain(store.voterHash('1300000000000000042'));
    expect((await stat(path.join(dir, FEEDBACK_SALT_FILE))).mode & 0o077).toBe(0);
    // Another installation (another salt) hashes the same id differently.
    const other = await FeedbackStore.open({ dir: await temporaryFolder(), retentionDays: 30 });
    expect(other.store.voterHash('1300000000000000042')).not.toBe(store.voterHash('1300000000000000042'));
    await other.store.close();
  });

  it('GIVEN a burst of 100 concurrent votes THEN none is lost, on disk and after reopening', async () => {
    const dir = await temporaryFolder();
    const { store } = await FeedbackStore.open({ dir, retentionDays: 30 });
    await store.recordAnswer(answer('a1'));
    const outcomes = await Promise.all(
      Array.from({ length: 100 }, (_, n) => store.vote('a1', `user-${n}`, n < 40 ? 'unhelpful' : 'helpful')),
    );
    expect(outcomes.every((outcome) => outcome.status === 'recorded')).toBe(true);
    await store.close();
    expect(await logLines(dir)).toHaveLength(101);
    const [judged] = await readJudgedAnswers(dir, new Date(0));
    expect(judged).toMatchObject({ helpful: 60, unhelpful: 40 });
  });

  it('GIVEN the process is killed with SIGKILL mid-writes THEN every acknowledged vote is on disk and the store reopens', async () => {
    const dir = await temporaryFolder();
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/feedback/support/vote-writer.ts', dir], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const acknowledged = new Set<number>();
    let buffered = '';
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (/^\d+$/.test(line)) acknowledged.add(Number(line));
      // Killed while votes are still being written, not between two of them on purpose.
      if (acknowledged.size >= 150) child.kill('SIGKILL');
    });
    expect(await exited).toBe('SIGKILL');
    expect(acknowledged.size).toBeGreaterThanOrEqual(150);

    const { store, report } = await FeedbackStore.open({ dir, retentionDays: 30 });
    expect(report.rejectedLines).toBe(0);
    const [judged] = store.judgedAnswers(new Date(0));
    const votes = (judged?.helpful ?? 0) + (judged?.unhelpful ?? 0);
    expect(votes).toBeGreaterThanOrEqual(acknowledged.size);
    for (const n of acknowledged)
      expect(await store.vote('answer-1', `user-${n}`, n % 3 === 0 ? 'unhelpful' : 'helpful')).toEqual({
        status: 'unchanged',
        vote: n % 3 === 0 ? 'unhelpful' : 'helpful',
      });
    // …and it goes on recording.
    expect(await store.vote('answer-1', 'after-the-crash', 'helpful')).toMatchObject({ status: 'recorded' });
    await store.close();
  });

  it('GIVEN a log whose last line was cut by a crash THEN the cut line goes and new records are not glued to it', async () => {
    const dir = await temporaryFolder();
    const first = await FeedbackStore.open({ dir, retentionDays: 30 });
    await first.store.recordAnswer(answer('a1'));
    await first.store.close();
    await appendFile(path.join(dir, FEEDBACK_LOG_FILE), '{"kind":"vote","at":"2026-');
    const { store, report } = await FeedbackStore.open({ dir, retentionDays: 30 });
    expect(report).toMatchObject({ answers: 1, truncatedBytes: 26, rejectedLines: 0 });
    await store.vote('a1', 'alice', 'helpful');
    await store.close();
    expect((await logLines(dir)).map((line) => JSON.parse(line).kind)).toEqual(['answer', 'vote']);
  });

  it('GIVEN a line that is not a record THEN it is moved to feedback.jsonl.rejected, the rest kept', async () => {
    const dir = await temporaryFolder();
    const first = await FeedbackStore.open({ dir, retentionDays: 30 });
    await first.store.recordAnswer(answer('a1'));
    await first.store.close();
    await appendFile(path.join(dir, FEEDBACK_LOG_FILE), 'not json at all\n{"kind":"vote"}\n');
    const { store, report } = await FeedbackStore.open({ dir, retentionDays: 30 });
    expect(report).toMatchObject({ answers: 1, rejectedLines: 2 });
    await store.close();
    expect(await readFile(path.join(dir, `${FEEDBACK_LOG_FILE}.rejected`), 'utf8')).toBe(
      'not json at all\n{"kind":"vote"}\n',
    );
    expect(await logLines(dir)).toHaveLength(1);
    // Reopening does not reject them a second time.
    const again = await FeedbackStore.open({ dir, retentionDays: 30 });
    expect(again.report.rejectedLines).toBe(0);
    await again.store.close();
  });

  it('GIVEN answers older than the retention THEN they and their votes are dropped from the log at open', async () => {
    const dir = await temporaryFolder();
    let now = new Date('2026-01-01T12:00:00Z');
    const clock = () => now;
    const first = await FeedbackStore.open({ dir, retentionDays: 30, now: clock });
    await first.store.recordAnswer(answer('old'));
    await first.store.vote('old', 'alice', 'unhelpful');
    now = new Date(now.getTime() + 20 * DAY);
    await first.store.recordAnswer(answer('recent'));
    await first.store.recordAnswer(answer(null, { answered: false, question: 'Is there a ferry?' }));
    await first.store.vote('recent', 'alice', 'helpful');
    await first.store.vote('recent', 'alice', 'unhelpful');
    await first.store.close();
    now = new Date(now.getTime() + 15 * DAY);
    const { store, report } = await FeedbackStore.open({ dir, retentionDays: 30, now: clock });
    // Gone: the old answer, its vote and the superseded vote on the recent answer.
    expect(report).toMatchObject({ answers: 2, votes: 1, dropped: 3 });
    expect(await store.vote('old', 'alice', 'helpful')).toEqual({ status: 'unknown-answer' });
    await store.close();
    expect(await logLines(dir)).toHaveLength(3);
    expect((await readFile(path.join(dir, FEEDBACK_LOG_FILE), 'utf8')).includes('"answerId":"old"')).toBe(false);
  });

  it('GIVEN a feedback folder that is a file THEN opening fails with FEEDBACK_UNAVAILABLE naming it', async () => {
    const dir = path.join(await temporaryFolder(), 'feedback');
    await writeFile(dir, 'not a folder');
    const failure = FeedbackStore.open({ dir, retentionDays: 30 });
    await expect(failure).rejects.toSatisfy(
      (error) => isCitebotError(error, 'FEEDBACK_UNAVAILABLE') && error.message.includes(dir),
    );
  });
});
