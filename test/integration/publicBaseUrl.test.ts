// Issue 15, point 1: the public link prefix of desk claim links, SMS links and stickers is the
// deployment's (PUBLIC_BASE_URL), https only (plain http only to this machine in development), and no
// coordinator's setting.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startServer } from '../../scripts/server'
import { clockPerTest, startTestServer, submission, type TestServer } from '../helpers/server'

const PREFIX = 'https://xam.bd.gov.cn/wx'
let srv: TestServer

beforeAll(async () => {
  srv = await startTestServer({ publicBaseUrl: PREFIX + '/' })
})
afterAll(() => srv.close())
clockPerTest(() => srv, '2026-11-18T09:00:00+08:00')

test('desk receipts’ claim links and the SMS that carry them start with the deployment’s prefix, whatever a coordinator tries', async () => {
  const coordinator = await srv.login({ persona: 'coordinator' })
  const tried = await srv.call(coordinator, 'admin', 'config.set', { publicBaseUrl: 'javascript:alert(document.cookie)//' })
  expect(tried.error).toMatchObject({ code: 'VALIDATION', fields: { publicBaseUrl: expect.any(String) } })
  expect((await srv.call(coordinator, 'admin', 'config.set', { publicBaseUrl: 'http://evil.example.com' })).error!.fields).toHaveProperty([
    'publicBaseUrl',
  ])
  // What the sites page shows for sticker links is the deployment's.
  expect((await srv.call(coordinator, 'admin', 'config.get', {})).data.publicBaseUrl).toBe(PREFIX)

  const desk = await srv.login({ persona: 'desk' })
  const filed = await srv.call(
    desk,
    'staff',
    'complaint.fileOnBehalf',
    submission(srv.sites[0].code, { complainant: { name: '王大力', phone: '13900000201' } }),
  )
  expect(filed.ok).toBe(true)
  const receipt = await srv.call(desk, 'staff', 'complaint.receipt', { id: filed.data.id })
  expect(receipt.data.claimUrl).toBe(`${PREFIX}/c/${filed.data.caseNo}?k=${filed.data.claimCode}`)
  for (const p of receipt.data.complainants) if (p.claimUrl) expect(p.claimUrl.startsWith(PREFIX + '/c/')).toBe(true)
  const outbox = await fetch(`${srv.baseUrl}/dev/outbox?format=json`).then((r) => r.json())
  const claimSms = outbox.items.filter((m: any) => m.complaintId === filed.data.id && m.channel === 'sms' && m.template === 'claim_code')
  expect(claimSms).toHaveLength(1)
  expect(claimSms[0].body).toContain(`/c/${filed.data.caseNo}`)
  expect(claimSms[0].body).toContain('xam.bd.gov.cn/wx/c/')
})

describe('the server takes only an https prefix (http only to this machine in development)', () => {
  const tryStart = async (o: { dev: boolean; publicBaseUrl?: string; env?: string }) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'xam-pbu-'))
    const saved = process.env.PUBLIC_BASE_URL
    if (o.env === undefined) delete process.env.PUBLIC_BASE_URL
    else process.env.PUBLIC_BASE_URL = o.env
    try {
      const s = await startServer({
        port: 0,
        dataDir,
        dev: o.dev,
        h5Dir: dataDir,
        quiet: true,
        seed: false,
        sessionSecret: 'x'.repeat(64),
        ...(o.publicBaseUrl ? { publicBaseUrl: o.publicBaseUrl } : {}),
      })
      await s.close()
      return 'started'
    } catch (e) {
      return (e as Error).message
    } finally {
      if (saved === undefined) delete process.env.PUBLIC_BASE_URL
      else process.env.PUBLIC_BASE_URL = saved
      rmSync(dataDir, { recursive: true, force: true })
    }
  }

  test.each([
    ['javascript:alert(1)//', true],
    ['http://evil.example.com', true],
    ['ftp://xam.bd.gov.cn', true],
    ['https://user:secret@xam.bd.gov.cn', true],
    ['https://xam.bd.gov.cn/?next=http://evil.example.com', true],
    ['http://127.0.0.1:8080', false],
  ])('refuses %s', async (url, inDev) => {
    expect(await tryStart({ dev: false, publicBaseUrl: url })).toMatch(/公开网址/)
    if (inDev) expect(await tryStart({ dev: true, publicBaseUrl: url })).toMatch(/公开网址/)
  })

  test('takes https in production and loopback http in development; production must be told one', async () => {
    expect(await tryStart({ dev: false, publicBaseUrl: 'https://xam.bd.gov.cn' })).toBe('started')
    expect(await tryStart({ dev: false, env: 'https://xam.bd.gov.cn' })).toBe('started')
    expect(await tryStart({ dev: true, publicBaseUrl: 'http://127.0.0.1:8080' })).toBe('started')
    expect(await tryStart({ dev: false })).toMatch(/PUBLIC_BASE_URL/)
    expect(await tryStart({ dev: false, env: 'http://evil.example.com' })).toMatch(/公开网址/)
  })
})
