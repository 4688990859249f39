import { areaContains } from '@shared/validators/areaCode'
import type { DeptItem } from './types'

/** Departments inside the coordinator's area, county ones after city ones, by name. */
export function deptsIn(area: string, depts: DeptItem[]): DeptItem[] {
  return depts
    .filter((d) => areaContains(area, d.areaCode))
    .sort((a, b) => a.areaCode.localeCompare(b.areaCode) || a.name.localeCompare(b.name))
}

export { areaContains }
