// The local server's random bytes (scripts/server.ts pooledRandom): drawn from a pool, each draw its own.
import { pooledRandom } from '../../scripts/server'

test('draws are the size asked, all different, copies that the next draw cannot change, and large ones go straight through', () => {
  const random = pooledRandom(64)
  const draws = Array.from({ length: 500 }, () => random(10))
  expect(draws.map((b) => b.length)).toEqual(Array(500).fill(10))
  // 500 draws of 80 bits: a repeat would mean the pool handed out the same bytes twice.
  expect(new Set(draws.map((b) => b.toString('hex'))).size).toBe(500)
  const first = Buffer.from(draws[0])
  for (let i = 0; i < 20; i++) random(16)
  expect(draws[0].equals(first)).toBe(true)
  // Bytes are not all zero (the pool wipes what it hands out; a draw must not be the wiped bytes).
  expect(draws.filter((b) => b.every((x) => x === 0))).toHaveLength(0)
  expect(random(100)).toHaveLength(100)
})
