// A sliding-window counter per key (sender address, client IP address), in memory: enough for one
// receiver process, which is what serve runs. Pure apart from the time it is handed.

export type RateLimiter = {
  /** Counts one message for every key and answers true; or answers false, counting nothing, when any key is over. */
  tryAcquire(keys: readonly string[], now: number): boolean;
};

export function createRateLimiter(limit: number, windowMs: number, maxKeys = 50_000): RateLimiter {
  const seen = new Map<string, number[]>();
  const recent = (key: string, now: number): number[] => {
    const times = (seen.get(key) ?? []).filter((t) => t > now - windowMs);
    if (times.length === 0) seen.delete(key);
    else seen.set(key, times);
    return times;
  };
  return {
    tryAcquire(keys, now) {
      if (keys.some((key) => recent(key, now).length >= limit)) return false;
      // Keep memory bounded: forget the oldest keys first (Map keeps insertion order).
      while (seen.size > maxKeys) {
        const oldest = seen.keys().next().value;
        if (oldest === undefined) break;
        seen.delete(oldest);
      }
      for (const key of keys) seen.set(key, [...recent(key, now), now]);
      return true;
    },
  };
}
