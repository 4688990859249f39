// The `auth` function's actions: sign-in for callers without a WeChat context. Inputs and replies are
// declared in shared/contract/auth.ts; every action answers callers without a session.
import { authContract } from '../../../shared/contract/auth'
import { AppError } from '../errors'
import { issueSession, proveCode, sendSignInCode, userOfPhone } from '../auth/codes'
import { WeChatApiError } from '../auth/wechat'
import { defineActions } from './types'

export const authActions = defineActions(
  authContract,
  {
    mode: async (ctx) => ({ signIn: ctx.devLogin ? ('dev' as const) : ('sms' as const) }),

    'sms.request': async (ctx, { phone }) => sendSignInCode(ctx, phone),

    'sms.verify': async (ctx, { phone, code }) => {
      await proveCode(ctx, phone, code)
      const { openid, user } = await userOfPhone(ctx, phone)
      return issueSession(ctx, openid, user, 'sms', phone)
    },

    'wx.login': async (ctx, { code }) => {
      if (!ctx.wechat) throw new AppError('FORBIDDEN', '这里不支持微信登录，请在微信小程序中打开')
      let openid: string
      try {
        openid = (await ctx.wechat.code2Session(code)).openid
      } catch (e) {
        if (!(e instanceof WeChatApiError)) throw e
        if (e.errcode === 40029 || e.errcode === 40163) throw new AppError('UNAUTHENTICATED', '微信登录已失效，请重试')
        if (e.errcode === 45011) throw new AppError('RATE_LIMITED', '登录太频繁了，请稍后再试')
        throw e
      }
      return issueSession(ctx, openid, await ctx.storage.getUser(openid), 'wx', null)
    },
  },
  { public: ['mode', 'sms.request', 'sms.verify', 'wx.login'] },
)
