// merged (core/merged.ts): what `{ ...a, ...b }` gives, built without a leading spread.
import { merged } from '../../cloudfunctions/core/merged'

test('later parts win, the result is a new object, and the parts are left as they were', () => {
  const c = { id: 'c1', version: 3, status: 'accepted', card: null as string | null }
  const patch = { status: 'resolved' }
  const out = merged(c, patch, { version: c.version + 1 })
  expect(out).toEqual({ id: 'c1', version: 4, status: 'resolved', card: null })
  expect(out).not.toBe(c)
  expect(c).toEqual({ id: 'c1', version: 3, status: 'accepted', card: null })
  expect(patch).toEqual({ status: 'resolved' })
  // A getter is read once, as a spread reads it, and lands as a plain value.
  let reads = 0
  const deps = Object.defineProperty({ a: 1 }, 'url', { get: () => `u${++reads}`, enumerable: true })
  expect(merged(deps, { b: 2 })).toEqual({ a: 1, url: 'u1', b: 2 })
  expect(reads).toBe(1)
})
