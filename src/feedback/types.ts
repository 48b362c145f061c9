/** How an asker judged an answer. */
export type Vote = 'helpful' | 'unhelpful';

/** Where an answer (or the nearest miss) points: a document and a section of it. */
export interface CitedPlace {
  /** Corpus path of the document. */
  readonly path: string;
  readonly title: string;
  readonly section: readonly string[];
}

/**
 * One answer the bot gave (or, for an auto-detected question it stayed silent on, would have
 * given). Who asked is not stored.
 */
export interface AnswerRecord {
  readonly kind: 'answer';
  /** ISO date-time. */
  readonly at: string;
  /** Discord id of the answer message; null when no message was sent. */
  readonly answerId: string | null;
  readonly question: string;
  /** False: the documents did not cover the question. */
  readonly answered: boolean;
  /** How the question came (`slash`, `mention`, `dm`, …). */
  readonly via: string;
  /** Null in a direct message. */
  readonly guildId: string | null;
  /** The first cited source, or for an uncovered question the nearest passage; null when none. */
  readonly place: CitedPlace | null;
}

/** One vote; a later vote of the same voter on the same answer replaces it. */
export interface VoteRecord {
  readonly kind: 'vote';
  readonly at: string;
  readonly answerId: string;
  /** Keyed hash of the voter's Discord id (never the id itself). */
  readonly voter: string;
  readonly vote: Vote;
}

/** A line of the feedback log. */
export type FeedbackRecord = AnswerRecord | VoteRecord;

/** An answer with its current votes, as the gaps report reads them. */
export interface JudgedAnswer {
  readonly record: AnswerRecord;
  readonly helpful: number;
  readonly unhelpful: number;
}
