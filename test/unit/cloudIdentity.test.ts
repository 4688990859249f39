// Identity in the cloud: the caller's OPENID comes from the platform. core/cloud.ts reads the
// invocation context the way node-sdk's getCloudbaseContext does, without loading the SDK before a
// request is validated; here the two are compared (getCloudbaseContext is pure: it initialises nothing).
import { contextEnvironment, openidFrom } from '../../cloudfunctions/core/cloud'

const { getCloudbaseContext } = require('@cloudbase/node-sdk') as typeof import('@cloudbase/node-sdk')

const contexts = [
  { environment: JSON.stringify({ WX_OPENID: 'oNewRuntime', WX_APPID: 'wx123', WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID', TCB_ENV: 'env-1' }) },
  { environ: 'WX_OPENID=oOldRuntime;WX_APPID=wx456;WX_CONTEXT_KEYS=WX_OPENID,WX_APPID;TCB_ENV=env-2' },
  { environment: JSON.stringify({ TCB_ENV: 'env-3', TRIGGER_SRC: 'timer' }) },
]

test.each(contexts)('WX_OPENID as getCloudbaseContext reads it (%#)', (context) => {
  const sdk = getCloudbaseContext(context as never)
  expect(contextEnvironment(context).WX_OPENID).toEqual(sdk.WX_OPENID)
  expect(openidFrom({}, context)).toBe(sdk.WX_OPENID ?? null)
})

test('the context wins over the process environment; userInfo in the event is never read', () => {
  const saved = process.env.WX_OPENID
  process.env.WX_OPENID = 'oProcess'
  try {
    expect(openidFrom({ userInfo: { openId: 'oEvent' } }, contexts[0])).toBe('oNewRuntime')
    expect(openidFrom({ userInfo: { openId: 'oEvent' } }, {})).toBe('oProcess')
    expect(openidFrom({ userInfo: { openId: '' } }, undefined)).toBe('oProcess')
    expect(openidFrom(null, { environment: '{not json' })).toBe('oProcess')
  } finally {
    if (saved === undefined) delete process.env.WX_OPENID
    else process.env.WX_OPENID = saved
  }
  expect(openidFrom({ userInfo: { openId: 'oEvent' } }, 'context')).toBeNull()
})
