// Sets the first coordinator of a deployment from an OPENID (the staff action `me` returns the
// caller's; see README step 4). Creates the coordinating department if it does not exist yet.
//
//   npm run set-coordinator -- --openid oAbC123 --dept-name 保定市人社局 --area 130600
//   npm run set-coordinator -- --openid oAbC123 --dept-id d-city-labour
//   npm run set-coordinator -- --cloudbase --openid oAbC123 --dept-name 保定市人社局 --area 130600
//   npm run set-coordinator -- --phone 13800001234 --dept-name 保定市人社局 --area 130600
//
// --phone instead of --openid: the coordinator signs in from a browser with that phone and an SMS code
// (a single-server deployment without the mini-program has no OPENID to give).
//
// It writes to the local SQLite database under $DATA_DIR (default .data/); with --cloudbase, to the
// CloudBase environment $TCB_ENV (needs TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY), through the
// same storage adapter as the cloud functions.
import { randomBytes } from 'node:crypto'
import type { Storage } from '../cloudfunctions/core/ports'
import { isAreaCode, isMobile, normalizeMobile } from '../shared/validators'
import { phoneOpenid } from '../cloudfunctions/core/auth/session'
import { openStorage, StorageSetupError } from './openStorage'

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : undefined
}

export async function setCoordinator(
  storage: Pick<Storage, 'listDepts' | 'createDept' | 'getUser' | 'putUser' | 'linkPhone'>,
  o: { openid?: string; phone?: string; deptId?: string; deptName?: string; area?: string },
  now = new Date(),
) {
  const phone = o.phone ? normalizeMobile(o.phone) : null
  if (phone !== null && !isMobile(phone)) throw new Error('手机号应为11位')
  // A browser coordinator is the identity of their phone (what signing in with it by SMS code gives).
  const openid = phone ? phoneOpenid(phone) : (o.openid ?? '')
  if (!/^[A-Za-z0-9_-]{6,64}$/.test(openid)) throw new Error('请提供 --openid 或 --phone（OPENID 格式不对）')
  const at = now.toISOString()
  let deptId = o.deptId
  const depts = await storage.listDepts()
  if (deptId) {
    if (!depts.some((d) => d.id === deptId)) throw new Error(`没有单位 ${deptId}`)
  } else {
    if (!o.deptName || !o.area || !isAreaCode(o.area)) throw new Error('请提供 --dept-id，或 --dept-name 和六位地区代码 --area')
    const existing = depts.find((d) => d.name === o.deptName && d.areaCode === o.area)
    deptId = existing?.id ?? `d${randomBytes(8).toString('hex')}`
    if (!existing)
      await storage.createDept({
        id: deptId,
        name: o.deptName,
        kind: 'labour',
        areaCode: o.area,
        parentId: null,
        active: true,
        createdAt: at,
      })
  }
  const user = await storage.getUser(openid)
  await storage.putUser({ openid, role: 'coordinator', deptId, name: user?.name ?? null, createdAt: user?.createdAt ?? at })
  if (phone) await storage.linkPhone(openid, phone, at)
  return { openid, deptId, phone }
}

if (require.main === module) {
  let opened: ReturnType<typeof openStorage> | null = null
  try {
    opened = openStorage({ cloudbase: process.argv.includes('--cloudbase') })
  } catch (e) {
    console.error(e instanceof StorageSetupError ? e.message : e)
    process.exit(2)
  }
  const { storage, where, close } = opened
  setCoordinator(storage, {
    openid: arg('openid'),
    phone: arg('phone'),
    deptId: arg('dept-id'),
    deptName: arg('dept-name'),
    area: arg('area'),
  })
    .then((r) =>
      console.log(
        r.phone
          ? `已设置联席办人员：手机号 ${r.phone}，用它在网页“工作台”获取验证码登录（单位 ${r.deptId}，${where}）`
          : `已设置联席办人员：${r.openid}（单位 ${r.deptId}，${where}）`,
      ),
    )
    .catch((e) => {
      console.error(e instanceof Error ? e.message : e)
      process.exitCode = 1
    })
    .finally(close)
}
