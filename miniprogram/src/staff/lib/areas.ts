// Walking the area tree (GB/T 2260: province → city → county) for pickers and filters.
import { AREA_TREE, areaName, childAreas, type AreaNode } from '@shared/areas'

export interface AreaOption {
  code: string
  name: string
}

export type Level = 'province' | 'city' | 'county'

export function levelOf(code: string): Level {
  if (code.slice(2) === '0000') return 'province'
  if (code.slice(4) === '00') return 'city'
  return 'county'
}

function find(nodes: AreaNode[], code: string): AreaNode | null {
  for (const n of nodes) {
    if (n[0] === code) return n
    if (n[2] && code.indexOf(prefixOf(n[0])) === 0) {
      const hit = find(n[2], code)
      if (hit) return hit
    }
  }
  return null
}

/** Children of an area ('' for the provinces) with six-digit codes (never the towns of a city without counties). */
export function childrenOf(code: string): AreaOption[] {
  return childAreas(code)
}

/** The province, city and county codes on the way to `code` ('' where the code stops above). */
export function pathOf(code: string): { province: string; city: string; county: string } {
  if (!/^\d{6}$/.test(code)) return { province: '', city: '', county: '' }
  const level = levelOf(code)
  const province = code.slice(0, 2) + '0000'
  let city = ''
  if (level !== 'province') {
    // Municipalities' districts sit under a city code such as 110100.
    const cityCode = code.slice(0, 4) + '00'
    city = find(AREA_TREE, cityCode) ? cityCode : ''
  }
  return { province, city, county: level === 'county' ? code : '' }
}

/**
 * Districts to filter a queue by, inside the caller's area: the counties of a city, or the cities and
 * their counties of a province; nothing for a county.
 */
export function districtsIn(code: string): AreaOption[] {
  if (!/^\d{6}$/.test(code)) return []
  const level = levelOf(code)
  if (level === 'county') return []
  if (level === 'city') return childrenOf(code)
  const out: AreaOption[] = []
  for (const city of childrenOf(code)) {
    out.push(city)
    for (const county of childrenOf(city.code)) out.push({ code: county.code, name: city.name + county.name })
  }
  return out
}

/** Short name: the last part only ('竞秀区'), falling back to the full name. */
export function shortAreaName(code: string): string {
  const n = find(AREA_TREE, code)
  return n ? n[1] : areaName(code)
}

export { areaName }

/** The significant prefix of an area code: 13 for a province, 1306 for a city, 130602 for a county. */
export function prefixOf(code: string): string {
  const level = levelOf(code)
  return level === 'province' ? code.slice(0, 2) : level === 'city' ? code.slice(0, 4) : code
}

/** Full 6-digit code of a routing prefix ('1306' → '130600'). */
export function codeOfPrefix(prefix: string): string {
  return (prefix + '000000').slice(0, 6)
}
