/**
 * A child process for the crash test: opens the feedback store in argv[2], records one
 * answer, then votes as fast as it can, printing each vote's number once the store has
 * acknowledged it (the record is on disk). The test kills it with SIGKILL mid-stream.
 */
import { FeedbackStore } from '../../../src/feedback/store.ts';

const dir = process.argv[2] ?? '';
const { store } = await FeedbackStore.open({ dir, retentionDays: 30 });
await store.recordAnswer({
  answerId: 'answer-1',
  question: 'When does the harbour open?',
  answered: true,
  via: 'slash',
  guildId: null,
  place: null,
});
process.stdout.write('ready\n');
// Several votes in flight at once, as concurrent button clicks are.
let next = 0;
const voteForever = async () => {
  for (;;) {
    const n = next++;
    await store.vote('answer-1', `user-${n}`, n % 3 === 0 ? 'unhelpful' : 'helpful');
    process.stdout.write(`${n}\n`);
  }
};
await Promise.all([voteForever(), voteForever(), voteForever(), voteForever()]);
