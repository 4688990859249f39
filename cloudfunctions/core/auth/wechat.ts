// WeChat's server API, as far as sign-in needs it: the mini-program's `wx.login` code exchanged for the
// user's OPENID (auth.code2Session). Inside CloudBase the platform gives the OPENID and this is never
// called; a self-hosted server (`npm run serve` in production) needs it, with WX_APPID and WX_APPSECRET.
// Tests give the server a fake behind the same port (test/helpers/fakeWeChat.ts).

export interface WeChatApi {
  /** The OPENID (and UNIONID, where the app has one) of the user whose mini-program made `code`. */
  code2Session(code: string): Promise<{ openid: string; unionid?: string }>
}

/** WeChat refused: `errcode` as WeChat answers it (40029 invalid code, 40163 code used, 45011 too frequent, -1 busy). */
export class WeChatApiError extends Error {
  constructor(
    readonly errcode: number,
    message: string,
  ) {
    super(message)
    this.name = 'WeChatApiError'
  }
}

export const WECHAT_API_BASE = 'https://api.weixin.qq.com'

type Fetch = (url: string, init?: { signal?: AbortSignal }) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>

/** The real API over HTTPS (GET /sns/jscode2session). */
export class HttpWeChatApi implements WeChatApi {
  constructor(
    private readonly appId: string,
    private readonly appSecret: string,
    private readonly fetchImpl: Fetch = (url, init) => fetch(url, init),
    private readonly base = WECHAT_API_BASE,
    private readonly timeoutMs = 5000,
  ) {}

  async code2Session(code: string): Promise<{ openid: string; unionid?: string }> {
    const q = new URLSearchParams({ appid: this.appId, secret: this.appSecret, js_code: code, grant_type: 'authorization_code' })
    let body: Record<string, unknown>
    try {
      const res = await this.fetchImpl(`${this.base}/sns/jscode2session?${q}`, { signal: AbortSignal.timeout(this.timeoutMs) })
      if (!res.ok) throw new WeChatApiError(-1, `jscode2session: HTTP ${res.status}`)
      body = (await res.json()) as Record<string, unknown>
    } catch (e) {
      if (e instanceof WeChatApiError) throw e
      throw new WeChatApiError(-1, `jscode2session: ${(e as Error)?.message ?? String(e)}`)
    }
    const errcode = typeof body.errcode === 'number' ? body.errcode : 0
    if (errcode !== 0 || typeof body.openid !== 'string' || !body.openid) {
      throw new WeChatApiError(errcode || -1, `jscode2session: ${errcode} ${String(body.errmsg ?? 'no openid')}`)
    }
    return { openid: body.openid, ...(typeof body.unionid === 'string' ? { unionid: body.unionid } : {}) }
  }
}
