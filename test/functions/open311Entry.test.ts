// The CloudBase entry of the Open311 API: an integration request of the HTTP access service in, an
// integration response out; routes that need no database set up no cloud SDK.
import { main } from '../../cloudfunctions/open311/index'

const event = (o: Record<string, unknown>) => ({ headers: {}, queryStringParameters: {}, isBase64Encoded: false, body: '', ...o })

test('services.json through the HTTP access service (the service path kept in front): GeoReport JSON', async () => {
  const r = (await main(event({ path: '/open311/v2/services.json', httpMethod: 'GET' }))) as any
  expect(r.statusCode).toBe(200)
  expect(r.headers['content-type']).toMatch(/application\/json/)
  expect(r.isBase64Encoded).toBe(false)
  expect(JSON.parse(r.body).map((s: any) => s.service_code)).toContain('wage_arrears_housing')
  const def = (await main(event({ path: '/open311/v2/services/wage_arrears_water.json', httpMethod: 'GET' }))) as any
  expect(JSON.parse(def.body).service_code).toBe('wage_arrears_water')
})

test('malformed calls are answered in Chinese and touch nothing: wrong route, XML, a call without a key, a callFunction', async () => {
  const missing = (await main(event({ path: '/open311/v2/nothing.json', httpMethod: 'GET' }))) as any
  expect(missing.statusCode).toBe(404)
  const xml = (await main(event({ path: '/open311/v2/services.xml', httpMethod: 'GET' }))) as any
  expect(xml.statusCode).toBe(400)
  const body = Buffer.from('service_code=wage_arrears_other').toString('base64')
  const noKey = (await main(
    event({
      path: '/open311/v2/requests.json',
      httpMethod: 'POST',
      body,
      isBase64Encoded: true,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    }),
  )) as any
  expect(noKey.statusCode).toBe(401)
  expect(JSON.parse(noKey.body)[0]).toMatchObject({ code: 401, field: 'api_key' })
  expect(JSON.parse(noKey.body)[0].description).toMatch(/接口密钥/)
  const fn = (await main({ action: 'complaint.submit', data: {}, userInfo: { openId: 'o1' } })) as any
  expect(fn).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  expect(Object.keys(require.cache).filter((k) => k.includes('@cloudbase/node-sdk'))).toEqual([])
})
