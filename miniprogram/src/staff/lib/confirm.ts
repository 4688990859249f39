// What the case page says after a step went through: the step itself in a few words ("已转给 张三",
// "已挂牌督办"), never a bare "已保存".
import { PENALTY_KIND_LABELS, REFER_LABELS, formatFen } from '@shared/labels'
import type { PenaltyKind, ReferTarget } from '@shared/types'
import type { CaseDetail, DeptItem } from './types'

type Data = Record<string, unknown>

const FIXED: Record<string, string> = {
  'complaint.accept': '已受理，您是承办人',
  'complaint.progress': '已添加进展',
  'complaint.resolve': '已登记办结，已通知工友确认',
  'complaint.markComplex': '已列为复杂案件',
  'complaint.return': '已退回首问单位',
  'complaint.transferOut': '已转外地处理',
  'complaint.notWageArrears': '已答复：不属于欠薪',
  'complaint.supervise': '已挂牌督办',
  'complaint.flag': '已标记重大风险，已报告联席办',
  'complaint.referralOutcome': '已登记移送结果',
  'complaint.reply': '已回复来源系统',
}

export function confirmation(action: string, data: Data, c: CaseDetail | null, depts: DeptItem[] | null): string {
  const dept = (id: unknown) => (depts || []).find((d) => d.id === id)?.name ?? ''
  switch (action) {
    case 'complaint.assign': {
      const who = (c?.colleagues || []).find((o) => o.openid === data.toOpenid)
      return who ? `已转给 ${who.name}` : '已更换承办人'
    }
    case 'complaint.route':
      return dept(data.toDeptId) ? `已转给 ${dept(data.toDeptId)}` : '已转办'
    case 'complaint.escalate':
      return dept(data.toDeptId) ? `已提级，由 ${dept(data.toDeptId)} 办理` : '已提级办理'
    case 'complaint.refer':
      return `已移送${REFER_LABELS[data.to as ReferTarget] ?? ''}`
    case 'complaint.advance':
      return typeof data.amountFen === 'number' ? `已登记先行垫付 ${formatFen(data.amountFen)}` : '已登记先行垫付'
    case 'complaint.penalty':
      return `已登记${PENALTY_KIND_LABELS[data.kind as PenaltyKind] ?? '行政处理'}`
    default:
      return FIXED[action] ?? '已办理'
  }
}
