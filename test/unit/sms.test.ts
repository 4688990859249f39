// The SMS adapters. Tencent Cloud SMS: the SDK's own client sends its signed request to a local HTTP
// server that records it and answers as Tencent Cloud does (no network). The file adapter: one JSON line
// per SMS. The local adapter: an outbox row per SMS that was not one already.
import { createHash, createHmac } from 'node:crypto'
import http from 'node:http'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseConfig } from '../../shared/config'
import { renderSms } from '../../shared/smsTemplates'
import { FileSms } from '../../cloudfunctions/core/sms/file'
import { LocalSms } from '../../cloudfunctions/core/sms/local'
import { SmsError, type SmsMessage } from '../../cloudfunctions/core/sms/port'
import { smsFromEnv } from '../../cloudfunctions/core/sms/fromEnv'
import { credentialFromEnv, sendSmsRequest, SMS_API_VERSION, tencentSmsClient, TencentSms } from '../../cloudfunctions/core/sms/tencent'
import { SqliteStorage } from '../../cloudfunctions/core/storage/sqlite'

interface Recorded {
  method: string
  url: string
  headers: http.IncomingHttpHeaders
  raw: string
  body: any
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex')
const hmac = (key: string | Buffer, s: string) => createHmac('sha256', key).update(s, 'utf8').digest()

/** Tencent Cloud's TC3-HMAC-SHA256 check of a recorded request, as the API does it with the secret key. */
function validSignature(r: Recorded, secretKey: string): boolean {
  const m =
    /^TC3-HMAC-SHA256 Credential=[^/]+\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, SignedHeaders=content-type;host, Signature=([0-9a-f]{64})$/.exec(
      String(r.headers.authorization),
    )
  if (!m) return false
  const [, date, service, signature] = m
  const timestamp = String(r.headers['x-tc-timestamp'])
  if (new Date(Number(timestamp) * 1000).toISOString().slice(0, 10) !== date) return false
  const host = String(r.headers.host).replace(/:\d+$/, '')
  const canonical = [
    'POST',
    '/',
    '',
    `content-type:${r.headers['content-type']}`,
    `host:${host}`,
    '',
    'content-type;host',
    sha256(r.raw),
  ].join('\n')
  const toSign = ['TC3-HMAC-SHA256', timestamp, `${date}/${service}/tc3_request`, sha256(canonical)].join('\n')
  const key = hmac(hmac(hmac('TC3' + secretKey, date), service), 'tc3_request')
  return createHmac('sha256', key).update(toSign, 'utf8').digest('hex') === signature
}

/** A stand-in for sms.tencentcloudapi.com: records each request, answers with the next queued reply. */
async function fakeTencent() {
  const requests: Recorded[] = []
  const replies: unknown[] = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8')
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, raw, body: JSON.parse(raw || '{}') })
      const reply = replies.shift() ?? {
        Response: {
          SendStatusSet: [{ Code: 'Ok', Message: 'send success', SerialNo: '2645:1', PhoneNumber: '', Fee: 1 }],
          RequestId: 'req-ok',
        },
      }
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify(reply))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  return { requests, replies, endpoint: `127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) }
}

const settings = (over: object = {}) =>
  parseConfig({
    sms: {
      sdkAppId: '1400123456',
      signName: '薪安码',
      region: 'ap-beijing',
      templates: { accepted: '2001001', verify_code: '2001009' },
      ...over,
    },
  }).sms

const accepted = (): SmsMessage => ({
  to: '13812345678',
  template: 'accepted',
  ...renderSms('accepted', { date: '3月5日', link: 'http://x.cn/c/130602-2026-00017' }),
})

describe('Tencent Cloud SMS', () => {
  let tc: Awaited<ReturnType<typeof fakeTencent>>
  beforeEach(async () => {
    tc = await fakeTencent()
  })
  afterEach(() => tc.close())

  const sender = (over: object = {}, token?: string) =>
    new TencentSms(
      tencentSmsClient(() => ({ secretId: 'AKIDtest', secretKey: 'secret', ...(token ? { token } : {}) }), {
        endpoint: tc.endpoint,
        protocol: 'http://',
        agent: new http.Agent(),
      }),
      async () => settings(over),
    )

  test('sends SendSms of version 2021-01-11 in the configured region, signed, with the app, signature, template, parameters and a +86 number', async () => {
    await sender({}, 'session-token').send(accepted())
    expect(tc.requests).toHaveLength(1)
    const [r] = tc.requests
    expect(r.method).toBe('POST')
    expect(r.headers['x-tc-action']).toBe('SendSms')
    expect(r.headers['x-tc-version']).toBe(SMS_API_VERSION)
    expect(r.headers['x-tc-version']).toBe('2021-01-11')
    expect(r.headers['x-tc-region']).toBe('ap-beijing')
    expect(r.headers['x-tc-token']).toBe('session-token')
    expect(r.headers.authorization).toMatch(/^TC3-HMAC-SHA256 Credential=AKIDtest\//)
    expect(validSignature(r, 'secret')).toBe(true)
    expect(validSignature(r, 'another secret')).toBe(false)
    expect(r.body).toEqual({
      PhoneNumberSet: ['+8613812345678'],
      SmsSdkAppId: '1400123456',
      TemplateId: '2001001',
      SignName: '薪安码',
      TemplateParamSet: ['3月5日', 'http://x.cn/c/130602-2026-00017'],
    })
  })

  test('a provider error code surfaces as a thrown error with its code: per number, and for the whole request', async () => {
    tc.replies.push({
      Response: {
        SendStatusSet: [
          {
            Code: 'LimitExceeded.PhoneNumberDailyLimit',
            Message: 'the number of sms messages sent from a single mobile number every day exceeds the upper limit',
            PhoneNumber: '+8613812345678',
          },
        ],
        RequestId: 'req-1',
      },
    })
    const e1 = await sender()
      .send(accepted())
      .catch((e) => e)
    expect(e1).toBeInstanceOf(SmsError)
    expect(e1).toMatchObject({ code: 'LimitExceeded.PhoneNumberDailyLimit' })
    expect(e1.message).toMatch(/LimitExceeded\.PhoneNumberDailyLimit.*req-1/)

    tc.replies.push({
      Response: {
        Error: { Code: 'AuthFailure.SignatureFailure', Message: 'The provided credentials could not be validated.' },
        RequestId: 'req-2',
      },
    })
    const e2 = await sender()
      .send(accepted())
      .catch((e) => e)
    expect(e2).toMatchObject({ code: 'AuthFailure.SignatureFailure' })
    expect(e2.message).toMatch(/AuthFailure\.SignatureFailure/)
    expect(tc.requests).toHaveLength(2)
  })

  test('what the configuration or the number lacks is refused before any request', async () => {
    await expect(sender({ templates: { accepted: '' } }).send(accepted())).rejects.toMatchObject({
      code: 'NotConfigured',
      message: expect.stringMatching(/sms\.templates\.accepted/),
    })
    await expect(sender({ sdkAppId: '', signName: '' }).send(accepted())).rejects.toMatchObject({
      message: expect.stringMatching(/sms\.sdkAppId, sms\.signName/),
    })
    await expect(sender().send({ ...accepted(), to: '0312-1234567' })).rejects.toMatchObject({ code: 'InvalidPhone' })
    expect(tc.requests).toHaveLength(0)
    const missingKeys = new TencentSms(
      tencentSmsClient(() => null),
      async () => settings(),
    )
    await expect(missingKeys.send(accepted())).rejects.toMatchObject({ code: 'NoCredential' })
  })

  test('the request is pure data: a verification code goes with its own template', () => {
    const code: SmsMessage = { to: '13900001111', template: 'verify_code', ...renderSms('verify_code', { code: '482913', minutes: '5' }) }
    expect(sendSmsRequest(code, settings())).toEqual({
      PhoneNumberSet: ['+8613900001111'],
      SmsSdkAppId: '1400123456',
      TemplateId: '2001009',
      SignName: '薪安码',
      TemplateParamSet: ['482913', '5'],
    })
  })

  test('keys come from the environment, with the session token a cloud function has', () => {
    expect(credentialFromEnv({})).toBeNull()
    expect(credentialFromEnv({ TENCENTCLOUD_SECRETID: 'id', TENCENTCLOUD_SECRETKEY: 'key' })).toEqual({ secretId: 'id', secretKey: 'key' })
    expect(credentialFromEnv({ TENCENTCLOUD_SECRETID: 'id', TENCENTCLOUD_SECRETKEY: 'key', TENCENTCLOUD_SESSIONTOKEN: 't' })).toEqual({
      secretId: 'id',
      secretKey: 'key',
      token: 't',
    })
  })
})

describe('file and local adapters', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'xam-sms-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  test('the file adapter writes one JSON line per SMS, a verification code also as `code`', async () => {
    const at = new Date('2026-03-05T01:30:00.000Z')
    const file = path.join(dir, 'sms.jsonl')
    const sms = new FileSms(file, () => at)
    await sms.send(accepted())
    await sms.send({ to: '13900001111', template: 'verify_code', ...renderSms('verify_code', { code: '482913', minutes: '5' }) })
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(lines).toEqual([
      {
        at: at.toISOString(),
        to: '13812345678',
        template: 'accepted',
        params: ['3月5日', 'http://x.cn/c/130602-2026-00017'],
        text: '欠薪投诉已受理，3月5日前办结，详情http://x.cn/c/130602-2026-00017',
      },
      {
        at: at.toISOString(),
        to: '13900001111',
        template: 'verify_code',
        params: ['482913', '5'],
        text: '验证码482913，5分钟内有效，请勿告诉他人。',
        code: '482913',
      },
    ])
    expect(statSync(file).mode & 0o077).toBe(0)
  })

  test('SMS_PROVIDER picks the adapter; tencent needs its keys', async () => {
    const storage = new SqliteStorage(path.join(dir, 'x.db'))
    const opts = { dataDir: dir, storage, clock: { now: () => new Date() }, settings: async () => settings() }
    expect(smsFromEnv({ SMS_PROVIDER: 'file' }, opts)).toBeInstanceOf(FileSms)
    expect((smsFromEnv({ SMS_PROVIDER: 'file' }, opts) as FileSms).file).toBe(path.join(dir, 'sms.jsonl'))
    expect(smsFromEnv({}, opts)).toBeInstanceOf(LocalSms)
    expect(smsFromEnv({ SMS_PROVIDER: 'tencent', TENCENTCLOUD_SECRETID: 'a', TENCENTCLOUD_SECRETKEY: 'b' }, opts)).toBeInstanceOf(
      TencentSms,
    )
    expect(() => smsFromEnv({ SMS_PROVIDER: 'tencent' }, opts)).toThrow(/TENCENTCLOUD_SECRETID/)
    expect(() => smsFromEnv({ SMS_PROVIDER: 'aliyun' }, opts)).toThrow(/SMS_PROVIDER/)
    storage.close()
  })

  test('the local adapter records an SMS sent at once as an outbox row; one delivered from the outbox is that row already', async () => {
    const storage = new SqliteStorage(path.join(dir, 'x.db'))
    const now = new Date('2026-03-05T01:30:00.000Z')
    const sms = new LocalSms(storage, { now: () => now })
    await sms.send({ to: '13900001111', template: 'verify_code', ...renderSms('verify_code', { code: '482913', minutes: '5' }) })
    await sms.send(accepted(), { outboxId: 7, complaintId: 'c1' })
    expect(await storage.listOutbox(10)).toEqual([
      expect.objectContaining({
        channel: 'sms',
        recipient: '13900001111',
        template: 'verify_code',
        title: '登录验证码',
        body: '验证码482913，5分钟内有效，请勿告诉他人。',
        status: 'sent',
        sentAt: now.toISOString(),
      }),
    ])
    sms.failNext = 1
    await expect(sms.send(accepted())).rejects.toMatchObject({ code: 'SimulatedFailure' })
    storage.close()
  })
})
