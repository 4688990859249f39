// Where a new case goes (首问负责制 + 属地管理): its first responder and its handler. Nothing is refused for
// its place (DOMAIN.md, rule 5): a complaint about an area no unit here covers, or where no labour
// department is found, is registered by the catch-all unit (兜底首问单位), which transfers it out.
import { areaName } from '../../shared/areas'
import type { Config } from '../../shared/config'
import { catchAllDept, coversArea, type FirstResponderDecision } from '../../shared/firstResponder'
import { route, type DeptLite, type RouteDecision, type RoutingRule } from '../../shared/routing'
import type { Industry } from '../../shared/types'
import { AppError } from './errors'

/**
 * Where a new case goes: its first responder (the unit that received it; the catch-all unit when none is
 * found) and its handler (by routing; for an area no unit here covers, the catch-all unit, which
 * transfers it out).
 */
export function placeCase(
  found: FirstResponderDecision,
  areaCode: string,
  industry: Industry,
  rules: readonly RoutingRule[],
  depts: readonly DeptLite[],
  config: Pick<Config, 'outOfArea'>,
): { fr: { deptId: string; explanation: string }; outOfArea: boolean; decision: RouteDecision; handlerDeptId: string } {
  const outOfArea = !coversArea(areaCode, depts)
  const catchAll = found.deptId && !outOfArea ? undefined : catchAllDept(depts, config.outOfArea.catchAllDeptId)
  let fr: { deptId: string; explanation: string }
  if (found.deptId) fr = { deptId: found.deptId, explanation: found.explanation }
  else if (catchAll) {
    fr = {
      deptId: catchAll.id,
      explanation: outOfArea
        ? `${areaName(areaCode)}不在本系统受理范围，由兜底单位${catchAll.name}首问负责并转外地`
        : `${areaName(areaCode)}没有人社部门，由兜底单位${catchAll.name}首问负责`,
    }
  } else throw new AppError('INTERNAL', '系统还没有设置受理单位，请拨打12333')
  const decision = route({ areaCode, industry }, rules, depts)
  const handlerDeptId = decision.deptId ?? (outOfArea && catchAll ? catchAll.id : fr.deptId)
  return { fr, outOfArea, decision, handlerDeptId }
}
