// The public link prefix: what sticker QR codes, desk receipts' claim links and SMS links start with.
// A deployment setting (PUBLIC_BASE_URL in the environment of the functions, the local server and the
// sticker command), never a coordinator's: every area's links and printed stickers carry it.
// It must be https; plain http only to this machine (127.0.0.1, localhost, ::1) in development.

export const PUBLIC_BASE_URL_MAX = 200

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** What is wrong with `url` as the public link prefix, in plain Chinese; null when it is fine. */
export function publicBaseUrlProblem(url: string, opts: { allowLoopbackHttp: boolean }): string | null {
  if (typeof url !== 'string' || !url) return '请设置公开网址（https 开头）'
  if (url.length > PUBLIC_BASE_URL_MAX) return `公开网址太长了，最多${PUBLIC_BASE_URL_MAX}个字符`
  // No spaces, controls or anything a URL parser would quietly repair.
  if (!/^[\x21-\x7e]+$/.test(url)) return '公开网址里有空格或不可见字符'
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return '公开网址格式不对，应像 https://xam.example.gov.cn'
  }
  if (!/^https?:\/\//i.test(url)) return '公开网址应以 https:// 开头'
  if (u.username || u.password) return '公开网址不能带用户名或密码'
  if (u.search || u.hash || url.includes('?') || url.includes('#')) return '公开网址不能带 ? 或 # 后面的部分'
  if (u.protocol === 'https:') return null
  if (u.protocol === 'http:' && LOOPBACK.has(u.hostname)) {
    return opts.allowLoopbackHttp ? null : '正式运行时公开网址应以 https:// 开头（http 只用于本机开发）'
  }
  return '公开网址应以 https:// 开头（http 只用于本机开发，且只能是 127.0.0.1 或 localhost）'
}

/** `url` without trailing slashes, or throws an Error with the problem's words. */
export function checkedPublicBaseUrl(url: string, opts: { allowLoopbackHttp: boolean }): string {
  const problem = publicBaseUrlProblem(url, opts)
  if (problem) throw new Error(`${problem}（PUBLIC_BASE_URL=${JSON.stringify(String(url).slice(0, 80))}）`)
  return url.replace(/\/+$/, '')
}
