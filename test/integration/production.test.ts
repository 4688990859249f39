// The single-server deployment: `NODE_ENV=production npm run serve` refuses to start without its secrets,
// serves no /dev endpoint, answers /healthz, signs browsers in by SMS code (SMS_PROVIDER=file writes each
// SMS as a JSON line to $DATA_DIR/sms.jsonl) and the mini-program by its `wx.login` code, exchanged through
// the WeChat API port (a fake here).
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { FakeWeChatApi, startProductionServer, type ProductionServer } from '../helpers/productionServer'
import { personaOpenid } from '../../cloudfunctions/core/seed'

const root = path.resolve(__dirname, '../..')
const FULL_ENV = {
  NODE_ENV: 'production',
  SESSION_SECRET: 'x'.repeat(40),
  WX_APPID: 'wx0123456789abcdef',
  WX_APPSECRET: 'appsecret-for-the-test',
  SMS_PROVIDER: 'file',
  PUBLIC_BASE_URL: 'https://xam.example.gov.cn',
}

/** `npm run serve` (tsx scripts/server.ts) as a child process with only the given environment. */
function serve(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/server.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env } as unknown as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.on('data', (b) => (out += b))
  child.stderr!.on('data', (b) => (out += b))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, output: () => out, exited }
}

async function waitFor(read: () => string, pattern: RegExp, exited: Promise<unknown>, ms = 30000): Promise<RegExpMatchArray> {
  const end = Date.now() + ms
  let done = false
  exited.then(() => (done = true))
  for (;;) {
    const m = read().match(pattern)
    if (m) return m
    if (done || Date.now() > end) throw new Error(`no ${pattern} in:\n${read()}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('npm run serve in production, as a process', () => {
  test('refuses to start without its secrets: a plain message naming each one, and a non-zero exit', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'xam-prod-env-'))
    try {
      const p = serve({ NODE_ENV: 'production', DATA_DIR: dir, PORT: '0', SESSION_SECRET: 'short' })
      expect(await p.exited).toBe(1)
      const out = p.output()
      expect(out).toContain('生产模式缺少必要的设置，服务没有启动')
      for (const name of ['SESSION_SECRET 太短', 'WX_APPID：', 'WX_APPSECRET：', 'SMS_PROVIDER：', 'PUBLIC_BASE_URL：'])
        expect(out).toContain(name)
      expect(out).not.toMatch(/ready|at \S+\.ts:\d+/)

      const tencent = serve({ ...FULL_ENV, SMS_PROVIDER: 'tencent', DATA_DIR: dir, PORT: '0' })
      expect(await tencent.exited).toBe(1)
      expect(tencent.output()).toContain('SMS_PROVIDER=tencent 还需要 TENCENTCLOUD_SECRETID 和 TENCENTCLOUD_SECRETKEY')
      const odd = serve({ ...FULL_ENV, SMS_PROVIDER: 'pigeon', DATA_DIR: dir, PORT: '0' })
      expect(await odd.exited).toBe(1)
      expect(odd.output()).toContain('SMS_PROVIDER 只能是 tencent 或 file，现在是 pigeon')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('with them it starts, answers /healthz, has no /dev endpoint and no demo data, and writes SMS to sms.jsonl', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'xam-prod-run-'))
    const p = serve({ ...FULL_ENV, DATA_DIR: dir, PORT: '0' })
    try {
      const [, url] = await waitFor(p.output, /ready (http:\/\/127\.0\.0\.1:\d+)\//, p.exited)
      expect((await fetch(`${url}/healthz`)).status).toBe(200)
      for (const dev of ['/dev/login', '/dev/clock', '/dev/tick']) {
        const r = await fetch(url + dev, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ persona: 'coordinator' }),
        })
        expect(r.status).toBe(404)
      }
      expect((await fetch(`${url}/dev/outbox?format=json`)).status).toBe(404)
      expect(p.output()).not.toContain('演示二维码')
      const post = async (fn: string, body: unknown) =>
        (
          await fetch(`${url}/api/${fn}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
        ).json()
      expect(await post('auth', { action: 'mode', data: {} })).toEqual({ ok: true, data: { signIn: 'sms' } })
      expect(await post('auth', { action: 'sms.request', data: { phone: '13500001234' } })).toMatchObject({ ok: true })
      const [line] = readFileSync(path.join(dir, 'sms.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
      expect(line).toEqual({
        at: expect.any(String),
        to: '13500001234',
        template: 'verify_code',
        params: [line.code, '5'],
        text: `验证码${line.code}，5分钟内有效，请勿告诉他人。`,
        code: expect.stringMatching(/^\d{6}$/),
      })
      // Sign-in codes are secrets: the file is its owner's only.
      expect(statSync(path.join(dir, 'sms.jsonl')).mode & 0o077).toBe(0)
      expect(await post('auth', { action: 'sms.verify', data: { phone: '13500001234', code: line.code } })).toMatchObject({
        ok: true,
        data: { token: expect.any(String) },
      })
    } finally {
      p.child.kill('SIGTERM')
      await p.exited
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('the production server in this process, with a fake WeChat', () => {
  let srv: ProductionServer
  const wechat = new FakeWeChatApi()
  beforeAll(async () => {
    srv = await startProductionServer({ wechat, seed: true, now: '2026-10-26T09:00:00+08:00' })
  })
  afterAll(() => srv.close())

  test('the mini-program signs in with its wx.login code: a session for that OPENID, the same envelope over HTTP', async () => {
    const code = wechat.issue(personaOpenid('inspector'))
    const r = await srv.call('auth', 'wx.login', { code })
    expect(r).toMatchObject({ status: 200, ok: true, data: { token: expect.any(String) } })
    // An invited inspector: a staff session, 12 hours.
    expect(r.data.expiresAt).toBe(new Date(Date.parse('2026-10-26T09:00:00+08:00') + 12 * 3600_000).toISOString())
    expect(wechat.calls).toEqual([code])
    expect(await srv.call('staff', 'me', {}, r.data.token)).toMatchObject({ status: 200, ok: true, data: { role: 'inspector' } })
    const queue = await srv.call('staff', 'queue.list', { view: 'to_accept' }, r.data.token)
    expect(queue).toMatchObject({ status: 200, ok: true, data: { items: [] } })

    // A code is good once; a made-up one is refused.
    const again = await srv.call('auth', 'wx.login', { code })
    expect(again).toMatchObject({ status: 401, error: { code: 'UNAUTHENTICATED', message: '微信登录已失效，请重试' } })
    expect((await srv.call('auth', 'wx.login', { code: 'short' })).error).toMatchObject({
      code: 'VALIDATION',
      fields: { code: '微信登录失败，请重试' },
    })
    wechat.refuseNext = 45011
    expect(await srv.call('auth', 'wx.login', { code: wechat.issue('oBusy1234') })).toMatchObject({
      status: 429,
      error: { code: 'RATE_LIMITED', message: '登录太频繁了，请稍后再试' },
    })
    // WeChat down: an internal error for the caller, the details in the log only.
    wechat.refuseNext = -1
    const down = await srv.call('auth', 'wx.login', { code: wechat.issue('oBusy1234') })
    expect(down).toMatchObject({ status: 500, error: { code: 'INTERNAL', message: '系统繁忙，请稍后再试' } })

    // A new worker: a worker's session, 30 days; then no session at all after it.
    const worker = await srv.call('auth', 'wx.login', { code: wechat.issue('oNewWorker123') })
    expect(worker.data.expiresAt).toBe(new Date(Date.parse('2026-10-26T09:00:00+08:00') + 30 * 86_400_000).toISOString())
    expect((await srv.call('worker', 'complaint.listMine', {}, worker.data.token)).data).toEqual({ items: [] })
    srv.setNow('2026-11-25T09:00:01+08:00')
    try {
      expect(await srv.call('worker', 'complaint.listMine', {}, worker.data.token)).toMatchObject({
        status: 401,
        error: { code: 'UNAUTHENTICATED' },
      })
    } finally {
      srv.setNow('2026-10-26T09:00:00+08:00')
    }
  })

  test('a production server refuses the development sign-in and any session it did not sign', async () => {
    expect((await fetch(`${srv.baseUrl}/dev/login`, { method: 'POST', body: JSON.stringify({ persona: 'coordinator' }) })).status).toBe(404)
    expect((await srv.call('auth', 'mode', {})).data).toEqual({ signIn: 'sms' })
    expect(await srv.call('staff', 'me', {})).toMatchObject({ status: 401, error: { code: 'UNAUTHENTICATED' } })
    expect(await srv.call('staff', 'me', {}, 'v1.eyJzIjoicGVyc29uYS1jb29yZGluYXRvciJ9.' + 'A'.repeat(43))).toMatchObject({ status: 401 })
  })
})

describe('client addresses behind a reverse proxy on the same machine', () => {
  const phoneNo = (i: number) => `1580000${String(i).padStart(4, '0')}`
  test('with TRUST_PROXY the per-address limit counts the address the proxy reports; without it, no one is one client', async () => {
    const behind = await startProductionServer({ trustProxy: true, now: '2026-10-27T09:00:00+08:00' })
    const bare = await startProductionServer({ now: '2026-10-27T09:00:00+08:00' })
    try {
      for (let i = 0; i < 60; i++)
        expect((await behind.call('auth', 'sms.request', { phone: phoneNo(i) }, undefined, { 'X-Real-IP': '203.0.113.9' })).ok).toBe(true)
      const limited = await behind.call('auth', 'sms.request', { phone: phoneNo(60) }, undefined, { 'X-Real-IP': '203.0.113.9' })
      expect(limited.error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('这台设备获取验证码的次数太多了') })
      // Another client behind the same proxy is not held back by that one.
      expect((await behind.call('auth', 'sms.request', { phone: phoneNo(61) }, undefined, { 'X-Real-IP': '198.51.100.4' })).ok).toBe(true)

      // Without TRUST_PROXY every call comes from the proxy at 127.0.0.1: not one client for everybody.
      for (let i = 0; i < 62; i++) expect((await bare.call('auth', 'sms.request', { phone: phoneNo(100 + i) })).ok).toBe(true)
      // The per-phone limits still hold.
      expect((await bare.call('auth', 'sms.request', { phone: phoneNo(100) })).error!.code).toBe('RATE_LIMITED')
    } finally {
      await behind.close()
      await bare.close()
    }
  })
})
