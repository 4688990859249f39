// Province → city → county choices for the complaint form, from the shared area tree.
import { AREA_TREE, childAreas, type AreaNode } from '@shared/areas'

export interface AreaOption {
  code: string
  name: string
}

const option = (n: AreaNode): AreaOption => ({ code: n[0], name: n[1] })

function findNode(nodes: AreaNode[] | undefined, code: string): AreaNode | undefined {
  return (nodes || []).find((n) => n[0] === code)
}

export function provinces(): AreaOption[] {
  return AREA_TREE.map(option)
}

export function cities(provinceCode: string): AreaOption[] {
  const p = findNode(AREA_TREE, provinceCode)
  return p ? (p[2] || []).map(option) : []
}

/** Counties of a city; empty for the few cities without counties, whose own code is then the area. */
export function districts(cityCode: string): AreaOption[] {
  return childAreas(cityCode)
}

/** The picked place, one level at a time. */
export interface AreaPick {
  province: string
  city: string
  district: string
}

export const EMPTY_PICK: AreaPick = { province: '', city: '', district: '' }

/** The six-digit code to send, or '' while the pick is incomplete. */
export function pickedAreaCode(pick: AreaPick): string {
  if (!pick.province || !pick.city) return ''
  if (pick.district) return pick.district
  return districts(pick.city).length === 0 ? pick.city : ''
}

/** '河北省 保定市 竞秀区' for display. */
export function pickLabel(pick: AreaPick): string {
  const names: string[] = []
  const p = findNode(AREA_TREE, pick.province)
  if (p) names.push(p[1])
  const c = p ? findNode(p[2], pick.city) : undefined
  if (c && c[1] !== (p && p[1])) names.push(c[1])
  const d = c ? findNode(c[2], pick.district) : undefined
  if (d) names.push(d[1])
  return names.join(' ')
}
