// The rule of a sliding-window rate limit, shared by the storage adapters (each keeps a key's recent hits
// in its own way and applies this inside its own transaction).
import type { RateKey, RateResult } from '../ports'

/**
 * The refusal for key `k` when its recent `hits` (ISO times) already fill one of its windows at `now`
 * (ms), else null. A hit counts in a window while `now - hit < window`; the caller may ask again once every
 * full window has let go of enough hits (`retryAt`).
 */
export function rateRefusal(k: RateKey, hits: readonly string[], now: number): Extract<RateResult, { ok: false }> | null {
  let retry = -Infinity
  for (const w of k.windows) {
    const inWindow = hits
      .map((h) => Date.parse(h))
      .filter((t) => now - t < w.ms)
      .sort((a, b) => a - b)
    if (inWindow.length >= w.max) retry = Math.max(retry, inWindow[inWindow.length - w.max] + w.ms)
  }
  return retry === -Infinity ? null : { ok: false, key: k.key, retryAt: new Date(retry).toISOString() }
}
