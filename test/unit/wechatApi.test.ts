// The WeChat API adapter (auth/wechat.ts) against a local stand-in for api.weixin.qq.com: the request it
// makes for a `wx.login` code, and how it reads WeChat's answers.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { HttpWeChatApi, WeChatApiError } from '../../cloudfunctions/core/auth/wechat'

let server: http.Server
let base = ''
const seen: URL[] = []
let answer: { status: number; body: string } = { status: 200, body: '{}' }

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(new URL(req.url ?? '/', 'http://x'))
    res.writeHead(answer.status, { 'Content-Type': 'application/json' })
    res.end(answer.body)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))

const api = () => new HttpWeChatApi('wxAPPID', 'the-secret', undefined, base)

test('a code is exchanged with GET /sns/jscode2session: app id, secret, the code, grant type', async () => {
  answer = { status: 200, body: JSON.stringify({ openid: 'oUser1', session_key: 'k', unionid: 'uUnion' }) }
  expect(await api().code2Session('code-123')).toEqual({ openid: 'oUser1', unionid: 'uUnion' })
  const q = seen[seen.length - 1]
  expect(q.pathname).toBe('/sns/jscode2session')
  expect(Object.fromEntries(q.searchParams)).toEqual({
    appid: 'wxAPPID',
    secret: 'the-secret',
    js_code: 'code-123',
    grant_type: 'authorization_code',
  })
})

test("WeChat's refusals come back as WeChatApiError with its errcode; a broken answer as -1", async () => {
  const errcodeOf = async () => {
    try {
      await api().code2Session('c')
      return 'no error'
    } catch (e) {
      expect(e).toBeInstanceOf(WeChatApiError)
      return (e as WeChatApiError).errcode
    }
  }
  answer = { status: 200, body: JSON.stringify({ errcode: 40029, errmsg: 'invalid code' }) }
  expect(await errcodeOf()).toBe(40029)
  answer = { status: 200, body: JSON.stringify({ errcode: 45011, errmsg: 'api minute-quota reach limit' }) }
  expect(await errcodeOf()).toBe(45011)
  answer = { status: 200, body: JSON.stringify({ session_key: 'k' }) }
  expect(await errcodeOf()).toBe(-1)
  answer = { status: 502, body: 'bad gateway' }
  expect(await errcodeOf()).toBe(-1)
  answer = { status: 200, body: 'not json' }
  expect(await errcodeOf()).toBe(-1)
  await expect(new HttpWeChatApi('a', 'b', undefined, 'http://127.0.0.1:1').code2Session('c')).rejects.toMatchObject({ errcode: -1 })
})
