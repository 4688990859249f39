// What `NODE_ENV=production npm run serve` needs before it takes a single request, checked at start so a
// server never runs half-configured (README, "Run it on your own server"). Each problem is one plain line
// for whoever starts the service.
import { MIN_SECRET_CHARS } from '../cloudfunctions/core/auth/session'

/** The problems of a production environment, one line each (empty: it may start). */
export function productionProblems(env: Record<string, string | undefined>): string[] {
  const out: string[] = []
  const secret = env.SESSION_SECRET ?? ''
  if (!secret)
    out.push(
      `SESSION_SECRET：登录会话的签名密钥，至少${MIN_SECRET_CHARS}个字符（可用 openssl rand -hex 32 生成），换了它所有人都要重新登录`,
    )
  else if (secret.length < MIN_SECRET_CHARS)
    out.push(`SESSION_SECRET 太短：至少${MIN_SECRET_CHARS}个字符（可用 openssl rand -hex 32 生成）`)
  if (!env.WX_APPID) out.push('WX_APPID：微信小程序的 AppID（小程序用 wx.login 登录时，用它向微信换取用户身份）')
  if (!env.WX_APPSECRET) out.push('WX_APPSECRET：微信小程序的 AppSecret（在小程序后台“开发管理 → 开发设置”中生成）')
  const sms = env.SMS_PROVIDER
  if (!sms) out.push('SMS_PROVIDER：短信怎么发，tencent（腾讯云短信）或 file（每条短信写一行到 $DATA_DIR/sms.jsonl，只用于测试和试运行）')
  else if (sms !== 'tencent' && sms !== 'file') out.push(`SMS_PROVIDER 只能是 tencent 或 file，现在是 ${sms}`)
  else if (sms === 'tencent' && (!env.TENCENTCLOUD_SECRETID || !env.TENCENTCLOUD_SECRETKEY)) {
    out.push('SMS_PROVIDER=tencent 还需要 TENCENTCLOUD_SECRETID 和 TENCENTCLOUD_SECRETKEY（腾讯云访问密钥，只授予短信发送权限）')
  }
  if (!env.PUBLIC_BASE_URL)
    out.push('PUBLIC_BASE_URL：工人扫码打开的 https 地址（如 https://xam.example.gov.cn），印在二维码、回执和短信里')
  return out
}

export function productionMessage(problems: string[]): string {
  return [
    '生产模式缺少必要的设置，服务没有启动：',
    ...problems.map((p) => `  - ${p}`),
    '请在环境变量（或 systemd 服务的 EnvironmentFile）中设置后再启动。详见 README“Run it on your own server”。',
  ].join('\n')
}
