// The rule of a sliding-window rate limit, shared by the storage adapters (each keeps a key's recent hits
// in its own way and applies this inside its own transaction): over a key's list of hits (CloudBase: one
// document per key, its requests budgeted), or over its n-th newest hit read by number (SQLite: one row
// per hit, so a check reads one row per window whatever the limit).
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

/**
 * The same rule read from the n-th newest hits only: a window of `max` hits is full at `now` exactly when
 * the key's max-th newest hit is still inside it (hits counted in time order), and it frees when that hit
 * leaves. `nth(n)` is the time (ms) of the key's n-th newest hit (1 = the newest), or null when it has
 * fewer. O(windows), whatever the limits.
 */
export function nthRefusal(k: RateKey, nth: (n: number) => number | null, now: number): Extract<RateResult, { ok: false }> | null {
  let retry = -Infinity
  for (const w of k.windows) {
    if (w.max < 1) {
      retry = Math.max(retry, now + w.ms)
      continue
    }
    const t = nth(w.max)
    if (t !== null && now - t < w.ms) retry = Math.max(retry, t + w.ms)
  }
  return retry === -Infinity ? null : { ok: false, key: k.key, retryAt: new Date(retry).toISOString() }
}

/** The hits a key needs kept for its windows: its newest `max` of the largest window (older ones can refuse nothing). */
export const hitsKept = (k: RateKey): number => Math.max(1, ...k.windows.map((w) => w.max))
