// Waits between retries of something that failed (a history page, a channel lookup, a
// reconnection), shared by every client-side retry so they all back off the same way.

/**
 * 1 s, 2 s, 4 s … up to `maxMs` (30 s), each shortened by up to half at random (jitter), so 50
 * clients that failed together do not retry together.
 */
export function retryDelayMs(attempt: number, { maxMs = 30_000, random = Math.random }: { maxMs?: number; random?: () => number } = {}): number {
  const base = Math.min(maxMs, 1_000 * 2 ** attempt);
  return Math.round(base * (0.5 + random() / 2));
}
