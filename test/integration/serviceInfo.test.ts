// Who runs the service, as the worker's pages name it (`worker app.settings { areaCode }`): the issuing
// authority and the hotline, per area like every area setting; the city's 根治欠薪办 and 12333 until set.
import { startTestServer, type TestServer } from '../helpers/server'

let srv: TestServer
let coordinator: string

beforeAll(async () => {
  srv = await startTestServer()
  coordinator = await srv.login({ persona: 'coordinator' })
})
afterAll(() => srv.close())

test('unset: the city’s office and 12333; without an area the deployment’s; anyone may ask, signed in or not', async () => {
  const area = await srv.raw('worker', { action: 'app.settings', data: { areaCode: '130602' } })
  expect(area.ok).toBe(true)
  expect(area.data.service).toEqual({ authority: '保定市根治欠薪工作领导小组办公室', hotline: '12333' })
  const none = await srv.raw('worker', { action: 'app.settings', data: {} })
  expect(none.data.service).toEqual({ authority: '根治欠薪工作领导小组办公室', hotline: '12333' })
  const bad = await srv.raw('worker', { action: 'app.settings', data: { areaCode: '12' } })
  expect(bad.ok).toBe(false)
  expect(bad.error!.code).toBe('VALIDATION')
})

test('a coordinator names the authority and the hotline of their area; the areas below inherit it, others do not', async () => {
  const set = await srv.call(coordinator, 'admin', 'config.set', {
    areaCode: '130600',
    service: { authority: '保定市根治拖欠农民工工资工作领导小组办公室', hotline: '0312-12333' },
  })
  expect({ ok: set.ok, error: set.error }).toEqual({ ok: true, error: undefined })
  const county = await srv.raw('worker', { action: 'app.settings', data: { areaCode: '130602' } })
  expect(county.data.service).toEqual({ authority: '保定市根治拖欠农民工工资工作领导小组办公室', hotline: '0312-12333' })
  const elsewhere = await srv.raw('worker', { action: 'app.settings', data: { areaCode: '110101' } })
  expect(elsewhere.data.service).toEqual({ authority: '北京市根治欠薪工作领导小组办公室', hotline: '12333' })

  const wrong = await srv.call(coordinator, 'admin', 'config.set', { areaCode: '130600', service: { hotline: '打12333' } })
  expect(wrong.ok).toBe(false)
  expect(wrong.error!.code).toBe('VALIDATION')
})
