import type { Answer } from '../answer/types.ts';

/** What the bot remembers of one answer message: for the Sources button and follow-ups. */
export interface RememberedAnswer {
  /** The question as asked (the follow-up context for a reply to this answer). */
  readonly question: string;
  readonly answer: Answer;
}

/**
 * The most recent answers by Discord message id, least recently used dropped first, so
 * memory stays bounded however long the bot runs.
 */
export class AnswerMemory {
  private readonly entries = new Map<string, RememberedAnswer>();

  constructor(private readonly capacity: number = 500) {}

  /** Keeps `entry` for the answer message `messageId`, forgetting the oldest beyond capacity. */
  remember(messageId: string, entry: RememberedAnswer): void {
    this.entries.delete(messageId);
    this.entries.set(messageId, entry);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  /** The answer sent as message `messageId`, if still remembered. */
  recall(messageId: string): RememberedAnswer | undefined {
    const entry = this.entries.get(messageId);
    if (entry) this.remember(messageId, entry);
    return entry;
  }
}
