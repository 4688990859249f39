// The local server in production mode, in this process: real SQLite in a fresh folder, SMS written to
// $DATA_DIR/sms.jsonl (SMS_PROVIDER=file), no /dev endpoints and no demo data, a clock the test holds and
// moves, and WeChat's code exchange through a fake behind the WeChatApi port.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startServer } from '../../scripts/server'
import { FileSms } from '../../cloudfunctions/core/sms/file'
import { WeChatApiError, type WeChatApi } from '../../cloudfunctions/core/auth/wechat'
import { seedDemo } from '../../cloudfunctions/core/seed'
import type { Envelope } from './server'

export const PRODUCTION_SECRET = 'production-test-secret-0123456789abcdef'

export interface ProductionServer {
  baseUrl: string
  dataDir: string
  storage: import('../../cloudfunctions/core/storage/sqlite').SqliteStorage
  /** The server's clock: held where the test puts it. */
  setNow(iso: string): void
  now(): Date
  call(fn: string, action: string, data?: unknown, token?: string, headers?: Record<string, string>): Promise<Envelope & { status: number }>
  /** The last sign-in code written to sms.jsonl for this phone. */
  lastCode(phone: string): string
  smsLines(): { at: string; to: string; template: string; params: string[]; text: string; code?: string }[]
  close(opts?: { keepData?: boolean }): Promise<void>
}

export async function startProductionServer(
  opts: { dataDir?: string; h5Dir?: string; wechat?: WeChatApi; seed?: boolean; now?: string; port?: number; trustProxy?: boolean } = {},
): Promise<ProductionServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'xam-prod-'))
  let nowMs = Date.parse(opts.now ?? new Date().toISOString())
  const clock = { now: () => new Date(nowMs) }
  const sms = new FileSms(path.join(dataDir, 'sms.jsonl'), clock.now)
  const s = await startServer({
    port: opts.port ?? 0,
    dataDir,
    dev: false,
    h5Dir: opts.h5Dir ?? path.resolve(__dirname, '../../miniprogram/dist/h5'),
    sessionSecret: PRODUCTION_SECRET,
    publicBaseUrl: 'https://xam.example.gov.cn',
    sms,
    wechat: opts.wechat,
    clock,
    seed: false,
    trustProxy: opts.trustProxy,
  } as Parameters<typeof startServer>[0])
  // Production starts empty; a test that needs departments and sites loads them as an operator would.
  if (opts.seed) await seedDemo(s.storage, clock.now())
  const smsFile = path.join(dataDir, 'sms.jsonl')
  const smsLines = () =>
    existsSync(smsFile)
      ? readFileSync(smsFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l))
      : []
  return {
    baseUrl: s.baseUrl,
    dataDir,
    storage: s.storage,
    setNow: (iso) => {
      nowMs = Date.parse(iso)
    },
    now: clock.now,
    async call(fn, action, data, token, headers = {}) {
      const res = await fetch(`${s.baseUrl}/api/${fn}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
        body: JSON.stringify(data === undefined ? { action } : { action, data }),
      })
      return { status: res.status, ...(await res.json()) }
    },
    smsLines,
    lastCode(phone) {
      const line = smsLines()
        .filter((l) => l.to === phone && l.template === 'verify_code')
        .pop()
      if (!line?.code) throw new Error(`no sign-in code in sms.jsonl for ${phone}`)
      return line.code
    },
    async close(o = {}) {
      await s.close()
      if (!o.keepData) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** WeChat's code exchange, faked behind the WeChatApi port: codes the test hands out, each good once. */
export class FakeWeChatApi implements WeChatApi {
  private readonly codes = new Map<string, string>()
  readonly calls: string[] = []
  /** WeChat's errcode for the next exchange (e.g. 45011, too frequent), once. */
  refuseNext: number | null = null
  /** A `wx.login` code for this OPENID, as WeChat would issue it to the mini-program. */
  issue(openid: string): string {
    const code = `wxcode${this.codes.size + 1}${openid.replace(/[^A-Za-z0-9]/g, '')}`.slice(0, 60)
    this.codes.set(code, openid)
    return code
  }
  async code2Session(code: string): Promise<{ openid: string }> {
    this.calls.push(code)
    if (this.refuseNext !== null) {
      const errcode = this.refuseNext
      this.refuseNext = null
      throw new WeChatApiError(errcode, 'refused')
    }
    const openid = this.codes.get(code)
    if (!openid) throw new WeChatApiError(40029, 'invalid code')
    this.codes.delete(code)
    return { openid }
  }
}
