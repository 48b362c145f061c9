/** The outcome of {@link RateLimiter.take}. */
export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterMs: number };

/**
 * Per-user sliding window: at most `questions` in any `windowMs`. Users whose window has
 * emptied are forgotten, so memory follows the number of recently active users.
 */
export class RateLimiter {
  private readonly recent = new Map<string, number[]>();
  private takesSincePrune = 0;

  constructor(
    private readonly limit: { readonly questions: number; readonly windowMs: number },
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one question for `userId` if the window allows it. */
  take(userId: string): RateDecision {
    const now = this.now();
    this.forgetIdleUsers(now);
    const times = (this.recent.get(userId) ?? []).filter((time) => time > now - this.limit.windowMs);
    if (times.length >= this.limit.questions) {
      this.recent.set(userId, times);
      const oldest = times[0] ?? now;
      return { allowed: false, retryAfterMs: oldest + this.limit.windowMs - now };
    }
    times.push(now);
    this.recent.set(userId, times);
    return { allowed: true };
  }

  private forgetIdleUsers(now: number): void {
    this.takesSincePrune += 1;
    if (this.takesSincePrune < 1000) return;
    this.takesSincePrune = 0;
    for (const [userId, times] of this.recent) {
      if ((times.at(-1) ?? 0) <= now - this.limit.windowMs) this.recent.delete(userId);
    }
  }
}
