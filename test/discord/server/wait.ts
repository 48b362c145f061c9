/**
 * Polls `probe` until it returns a value (not undefined), failing after `timeoutMs` with
 * `description` in the message: tests wait for what they need, never for a fixed time.
 */
export async function waitFor<T>(probe: () => T | undefined, description: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
