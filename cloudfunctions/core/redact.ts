// Text that leaves the system for outside callers (Open311 replies, answers for a lead's source) carries
// no personal data: the complainants' names, mobile and landline numbers and ID numbers written into a
// handler's note are replaced. Pure.
import type { Complainant } from './ports'

const ID_NUMBER = /(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g
const MOBILE = /(?<![\d-])(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?![\d-])/g
const LANDLINE = /(?<![\d-])0\d{2,3}[- ]?\d{7,8}(?:-\d{1,6})?(?![\d-])/g

/** `text` with the names of `people` (two characters or more), phone numbers and ID numbers replaced. */
export function redactPersonal(text: string, people: readonly Pick<Complainant, 'name'>[] = []): string {
  let out = text.replace(ID_NUMBER, '[证件号已隐去]').replace(MOBILE, '[电话已隐去]').replace(LANDLINE, '[电话已隐去]')
  const names = [...new Set(people.map((p) => (p.name ?? '').trim()).filter((n) => Array.from(n).length >= 2))]
  // Longest first, so that 张三丰 is not left as 工友丰.
  for (const n of names.sort((a, b) => b.length - a.length)) out = out.split(n).join('工友')
  return out
}
