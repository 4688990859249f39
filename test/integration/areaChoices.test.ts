// Issue 18, point 5: the worker pages carry no area tree; the complaint form's picker loads its choices
// from the worker function (`area.choices`), public like the sticker's lookup: a browser asks before it
// has any identity. Through the real local server and function code.
import { startTestServer, type TestServer } from '../helpers/server'

let srv: TestServer
beforeAll(async () => {
  srv = await startTestServer()
})
afterAll(async () => {
  await srv?.close()
})

test('the provinces, then one province’s cities with their counties, for a caller without identity', async () => {
  const provinces = await srv.raw('worker', { action: 'area.choices', data: {} })
  expect(provinces.status).toBe(200)
  expect(provinces.data.items.length).toBeGreaterThanOrEqual(31)
  expect(provinces.data.items).toContainEqual({ code: '130000', name: '河北省' })
  expect(provinces.data.items.every((p: { children?: unknown }) => p.children === undefined)).toBe(true)

  const hebei = await srv.raw('worker', { action: 'area.choices', data: { province: '130000' } })
  expect(hebei.status).toBe(200)
  const baoding = hebei.data.items.find((c: { code: string }) => c.code === '130600')
  expect(baoding.name).toBe('保定市')
  expect(baoding.children).toContainEqual({ code: '130602', name: '竞秀区' })
  // A few KB for a whole province: what the picker waits for once.
  expect(JSON.stringify(hebei.data).length).toBeLessThan(8000)

  // 东莞 has no counties: its own code is the area.
  const guangdong = await srv.raw('worker', { action: 'area.choices', data: { province: '440000' } })
  expect(guangdong.data.items.find((c: { code: string }) => c.code === '441900').children).toEqual([])
})

test('anything but a province code is refused in plain Chinese', async () => {
  for (const province of ['130600', '13', 'x', '1300000']) {
    const r = await srv.raw('worker', { action: 'area.choices', data: { province } })
    expect([province, r.status, r.error?.code]).toEqual([province, 400, 'VALIDATION'])
    expect(r.error?.message).toMatch(/[\u4e00-\u9fa5]/)
  }
  // A province the tree does not have: nothing to choose.
  const none = await srv.raw('worker', { action: 'area.choices', data: { province: '990000' } })
  expect(none.data.items).toEqual([])
})
