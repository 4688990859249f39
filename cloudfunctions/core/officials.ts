// Officials as colleagues see them: the name and office phone of their profile (profile.set). Never
// shown to workers, who see the unit and its published complaint phone.
import type { Ctx } from './context'
import type { User } from './ports'

export interface OfficialRef {
  openid: string
  name: string
  officePhone: string
}

const UNNAMED = '未填姓名'

export const officialRef = (u: User): OfficialRef => ({ openid: u.openid, name: u.name || UNNAMED, officePhone: u.officePhone ?? '' })

/** One official by openid; null when there is none (or no longer staff). */
export async function officialOf(ctx: Pick<Ctx, 'storage'>, openid: string | null | undefined): Promise<OfficialRef | null> {
  if (!openid) return null
  const u = await ctx.storage.getUser(openid)
  return u && u.role !== 'worker' ? officialRef(u) : null
}

/** The officials who carry these cases (name, office phone), by openid (one read per distinct official). */
export async function assigneesOf(
  ctx: Pick<Ctx, 'storage'>,
  cases: readonly { assigneeOpenid?: string | null }[],
): Promise<Map<string, OfficialRef>> {
  const ids = [...new Set(cases.map((c) => c.assigneeOpenid).filter((x): x is string => !!x))]
  const out = new Map<string, OfficialRef>()
  for (const id of ids) {
    const o = await officialOf(ctx, id)
    if (o) out.set(id, o)
  }
  return out
}

/** The names of the officials who carry these cases, by openid. */
export async function assigneeNames(
  ctx: Pick<Ctx, 'storage'>,
  cases: readonly { assigneeOpenid?: string | null }[],
): Promise<Map<string, string>> {
  return new Map([...(await assigneesOf(ctx, cases))].map(([id, o]) => [id, o.name]))
}
