// Routing (属地管理 + 谁主管谁负责): the most specific area rule for the industry wins; without one,
// the area's labour inspection (人社) handles it. The result explains itself for the timeline.
import type { DeptKind, Industry } from './types'
import { areaContains, areaPrefix } from './validators/areaCode'
import { INDUSTRY_LABELS } from './labels'

export interface RoutingRule {
  id: string
  /** Significant prefix of a GB/T 2260 code: '13' province, '1306' city, '130602' county. */
  areaPrefix: string
  industry: Industry
  deptId: string
}

export interface DeptLite {
  id: string
  name: string
  kind: DeptKind
  areaCode: string
  active?: boolean
}

export type RouteDecision =
  | { deptId: string; via: 'rule'; ruleId: string; areaPrefix: string; explanation: string }
  | { deptId: string; via: 'labour_fallback'; explanation: string }
  | { deptId: null; via: 'none'; explanation: string }

export function route(
  c: { areaCode: string; industry: Industry },
  rules: readonly RoutingRule[],
  depts: readonly DeptLite[],
): RouteDecision {
  const byId = new Map(depts.map((d) => [d.id, d]))
  const candidates = rules
    .filter((r) => r.industry === c.industry && c.areaCode.startsWith(r.areaPrefix))
    .filter((r) => byId.get(r.deptId)?.active !== false && byId.has(r.deptId))
    .sort((a, b) => b.areaPrefix.length - a.areaPrefix.length || a.id.localeCompare(b.id))
  const rule = candidates[0]
  if (rule) {
    const dept = byId.get(rule.deptId)!
    return {
      deptId: rule.deptId,
      via: 'rule',
      ruleId: rule.id,
      areaPrefix: rule.areaPrefix,
      explanation: `按规则（地区 ${rule.areaPrefix}，${INDUSTRY_LABELS[rule.industry]}）转至${dept.name}`,
    }
  }
  const labour = labourFor(c.areaCode, depts)
  if (labour) {
    return {
      deptId: labour.id,
      via: 'labour_fallback',
      explanation: `无对应行业规则，由属地人社部门${labour.name}办理`,
    }
  }
  return { deptId: null, via: 'none', explanation: '未找到办理单位，由首问单位继续负责' }
}

/** The most specific labour inspection department whose area covers `areaCode`. */
export function labourFor(areaCode: string, depts: readonly DeptLite[]): DeptLite | undefined {
  return depts
    .filter((d) => d.kind === 'labour' && d.active !== false && areaContains(d.areaCode, areaCode))
    .sort((a, b) => areaPrefix(b.areaCode).length - areaPrefix(a.areaCode).length || a.id.localeCompare(b.id))[0]
}
