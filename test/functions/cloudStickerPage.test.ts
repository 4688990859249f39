// Issue 18, point 5, on CloudBase: the worker function answers a sticker's link (/q/<code>, through the
// HTTP access service) with the page itself, made from the h5 build the public domain serves (fetched once,
// kept a while), the site inlined; an unknown code inlines nothing (404); without that page, the redirect
// as before. @cloudbase/node-sdk is the in-memory server (test/contract/fakeCloudbase.ts); the public
// domain's static hosting is answered here, in place of fetch.
jest.mock('@cloudbase/node-sdk', () => {
  const { FakeCloudbaseServer, fakeDocDb } = jest.requireActual('../contract/fakeCloudbase')
  const server = new FakeCloudbaseServer()
  return {
    SYMBOL_CURRENT_ENV: Symbol.for('SYMBOL_CURRENT_ENV'),
    __server: server,
    init: jest.fn(() => ({
      database: () => fakeDocDb(server),
      callWxOpenApi: async () => ({ result: { errcode: 0, errmsg: 'ok' }, requestId: 'r' }),
    })),
  }
})

import { cloudMain } from '../../cloudfunctions/core/cloud'
import { workerActions } from '../../cloudfunctions/core/actions/worker'
import { forgetH5Files } from '../../cloudfunctions/core/scanPage'
import { COLLECTIONS, CloudbaseStorage } from '../../cloudfunctions/core/storage/cloudbase'
import { fakeDocDb } from '../contract/fakeCloudbase'
import { seedDemo } from '../../cloudfunctions/core/seed'

const sdk = require('@cloudbase/node-sdk') as { __server: import('../contract/fakeCloudbase').FakeCloudbaseServer }
const worker = cloudMain('worker', workerActions) as (event: unknown, context?: unknown) => Promise<any>
const webContext = { environment: JSON.stringify({ TCB_ENV: 'env-1', SCF_NAMESPACE: 'env-1' }) }
const BASE = 'https://xam.example.gov.cn'
const INDEX =
  '<!doctype html><html><head><meta charset="utf-8"/><title>薪安码</title></head><body><div id="app"></div><script defer="defer" src="/js/app.1.js"></script></body></html>'
const CHUNKS = JSON.stringify({ 'pages/complain/index': { js: ['js/507.abc.js'], css: ['css/507.abc.css'] } })
const saved = { SESSION_SECRET: process.env.SESSION_SECRET, PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL }
const realFetch = global.fetch
let hosting: Record<string, string> = {}
const asked: string[] = []

const get = (path: string, query: Record<string, string> = {}) =>
  worker(
    {
      path,
      httpMethod: 'GET',
      headers: { host: 'xam.example.gov.cn', 'x-forwarded-for': '203.0.113.7' },
      queryStringParameters: query,
      requestContext: { requestId: 'r1', envId: 'env-1', appId: 1, uin: 1 },
      body: '',
      isBase64Encoded: false,
    },
    webContext,
  )
const bootOf = (html: string) => {
  const m = /<script id="xam-boot" type="application\/json">([^<]*)<\/script>/.exec(html)
  return m ? JSON.parse(m[1]!) : null
}

let site = { code: '', name: '' }
beforeAll(async () => {
  process.env.SESSION_SECRET = 'cloud-sticker-page-secret-0123456789abcdef'
  process.env.PUBLIC_BASE_URL = BASE
  global.fetch = (async (url: string | URL) => {
    const u = String(url)
    asked.push(u)
    const name = u.startsWith(BASE + '/') ? u.slice(BASE.length + 1) : ''
    return name in hosting ? new Response(hosting[name], { status: 200 }) : new Response('not found', { status: 404 })
  }) as typeof fetch
  const db = fakeDocDb(sdk.__server)
  for (const c of COLLECTIONS) await db.createCollection(c)
  site = (await seedDemo(new CloudbaseStorage(db), new Date())).sites[0]!
})
afterAll(() => {
  global.fetch = realFetch
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k]
    else process.env[k] = v
  }
})
beforeEach(() => {
  forgetH5Files()
  asked.length = 0
})

test('a sticker link answers 200 with the page, the site and its settings inlined, the complaint page preloaded', async () => {
  hosting = { 'index.html': INDEX, 'page-chunks.json': CHUNKS }
  const r = await get(`/q/${site.code}`, { p: 'helmet' })
  expect(r.statusCode).toBe(200)
  expect(r.headers['content-type']).toBe('text/html; charset=utf-8')
  expect(r.headers.location).toBeUndefined()
  expect(r.body).toContain('<div id="app"></div><script defer="defer" src="/js/app.1.js">')
  const boot = bootOf(r.body)
  expect(boot.site).toMatchObject({ code: site.code, name: site.name })
  expect(boot.settings).toMatchObject({ maxPhotos: expect.any(Number) })
  expect(boot.settings).not.toHaveProperty('uploadDir')
  expect(r.body).toContain('<link rel="preload" as="script" href="/js/507.abc.js">')
  expect(r.body).toContain('<link rel="preload" as="style" href="/css/507.abc.css">')
  // The build's files are fetched once and kept: a second scan asks the hosting nothing.
  expect(asked.sort()).toEqual([`${BASE}/index.html`, `${BASE}/page-chunks.json`])
  await get(`/q/${site.code}`)
  expect(asked).toHaveLength(2)
})

test('an unknown code answers 404 with the page and inlines nothing', async () => {
  hosting = { 'index.html': INDEX, 'page-chunks.json': CHUNKS }
  for (const path of ['/q/ZZZZZZZ', '/q/%E0%A4%A']) {
    const r = await get(path)
    expect([path, r.statusCode]).toEqual([path, 404])
    expect(r.body).toContain('<div id="app">')
    expect(bootOf(r.body)).toBeNull()
  }
})

test('without the h5 page on the public domain the link redirects into the page, as before', async () => {
  hosting = {}
  const r = await get(`/q/${site.code}`, { p: 'board' })
  expect(r.statusCode).toBe(302)
  expect(r.headers.location).toBe(`/#/pages/complain/index?q=${encodeURIComponent(`/q/${site.code}?p=board`)}`)
  // Something else than the app's page is not taken for it either.
  forgetH5Files()
  hosting = { 'index.html': '<html>维护中</html>' }
  expect((await get(`/q/${site.code}`)).statusCode).toBe(302)
})
