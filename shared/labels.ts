// Every word a user sees for a code value, in plain Simplified Chinese.
import { STATUS_META } from './statusMeta'
import { STATUSES } from './types'
import type {
  AdvanceSource,
  Card,
  Channel,
  ContactPhoneOf,
  DeptKind,
  FlagSignal,
  Funding,
  Industry,
  PenaltyKind,
  PhoneFields,
  Placement,
  ReferralOutcome,
  ReferTarget,
  RiskLevel,
  Role,
  Status,
} from './types'

/** A status's name, as staff see it (from the status table, shared/statusMeta.ts). */
export const STATUS_LABELS = Object.fromEntries(STATUSES.map((s) => [s, STATUS_META[s].label])) as Record<Status, string>

/** A status's name as the worker sees it (a bounce between departments reads as still being arranged). */
export const WORKER_STATUS_LABELS = Object.fromEntries(STATUSES.map((s) => [s, STATUS_META[s].workerLabel])) as Record<Status, string>

/** What the worker is told a status means, in one short line. */
export const STATUS_HINTS = Object.fromEntries(STATUSES.map((s) => [s, STATUS_META[s].hint])) as Record<Status, string>

export const EVENT_LABELS: Record<string, string> = {
  registered: '登记',
  routed: '转办',
  returned: '退回首问单位',
  accepted: '受理',
  progress: '处理进展',
  complex: '列为复杂案件',
  resolved: '处理完毕',
  not_wage_arrears: '非欠薪说明',
  referred: '移送',
  transferred_out: '转外地处理',
  confirmed: '确认到账',
  disputed: '提出异议',
  supplemented: '补充材料',
  claimed: '认领案件',
  claim_reissued: '重新生成认领码',
  closed: '办结',
  escalated: '超时督办',
  deadline_unknown: '期限待定',
  pii_viewed: '查看个人信息',
  campaign: '专项行动限期',
  alert: '即时报告',
  reminded: '工友催办',
  reopened: '重新处理',
  overdue: '超期督办',
  assigned: '确定承办人',
  supervised: '挂牌督办',
  supervision_overdue: '督办超期',
  escalated_up: '提级办理',
  flagged: '重大风险',
  referral_outcome: '移送结果',
  follow_up_due: '移送跟进',
  advanced: '先行垫付',
  penalty: '行政处理',
}

export const ROLE_LABELS: Record<Role, string> = {
  worker: '工友',
  desk: '服务台',
  inspector: '办理人员',
  coordinator: '联席办',
}

export const INDUSTRY_LABELS: Record<Industry, string> = {
  housing: '房建市政',
  transport: '交通',
  water: '水利',
  other: '其他',
}

export const FUNDING_LABELS: Record<Funding, string> = {
  government: '政府投资',
  state_owned: '国有企业',
  other: '其他',
}

export const DEPT_KIND_LABELS: Record<DeptKind, string> = {
  labour: '人社（劳动保障监察）',
  housing: '住建',
  transport: '交通',
  water: '水利',
  other: '其他主管部门',
  desk: '维权服务台',
  politics_law: '政法委（只接收重大风险报告）',
  petition: '信访局（只接收重大风险报告）',
}

export const CHANNEL_LABELS: Record<Channel, string> = {
  helmet_qr: '安全帽二维码',
  board_qr: '公示牌二维码',
  self: '自行投诉',
  desk: '服务台代办',
  hotline_12345: '12345热线',
  national_platform: '国家根治欠薪线索反映平台',
  hotline_12333: '12333热线',
  petition: '信访',
  visit: '来访',
  media: '媒体',
}

export const PLACEMENT_LABELS: Record<Placement, string> = {
  helmet: '安全帽',
  board: '公示牌',
  gate: '工地大门',
  living: '生活区',
  clothes: '工作服',
}

export const CARD_LABELS: Record<Card, string> = { none: '正常', yellow: '黄牌', red: '红牌' }

export const RISK_LABELS: Record<RiskLevel, string> = {
  none: '无',
  general: '一般',
  major: '较大',
  severe: '重大',
}

/** Staff actions that take a written note and can start from a coordinator's reply template, in menu order. */
export const TEMPLATE_ACTIONS = ['progress', 'resolve', 'return', 'route', 'markComplex', 'notWageArrears', 'refer', 'transferOut'] as const
export type TemplateAction = (typeof TEMPLATE_ACTIONS)[number]

/** What each staff action is called on buttons and in template pickers. */
export const ACTION_LABELS: Record<TemplateAction | 'accept', string> = {
  accept: '受理',
  progress: '添加进展',
  resolve: '登记办结',
  return: '退回首问单位',
  route: '转办',
  markComplex: '列为复杂案件',
  notWageArrears: '不属于欠薪',
  refer: '移送',
  transferOut: '转外地',
}

/** The authorities a case may be referred to. */
export const REFER_LABELS: Record<ReferTarget, string> = {
  arbitration: '劳动人事争议仲裁委员会',
  court: '人民法院',
  police: '公安机关',
  procuratorate: '检察机关',
  legal_aid: '法律援助机构',
  mediation: '人民调解委员会',
}

export const REFERRAL_OUTCOME_LABELS: Record<ReferralOutcome, string> = {
  award: '仲裁裁决',
  judgment: '法院判决',
  case_filed: '公安立案',
  judicial_confirmation: '司法确认',
  mediated: '调解成功',
  withdrawn: '撤回',
}

export const FLAG_SIGNAL_LABELS: Record<FlagSignal, string> = {
  injury: '有人受伤或死亡',
  extreme_act: '有过激行为',
  public_opinion: '引发舆情',
  assets_hidden: '老板转移隐匿财产',
}

export const ADVANCE_SOURCE_LABELS: Record<AdvanceSource, string> = {
  emergency_fund: '应急周转金',
  wage_deposit: '工资保证金',
  general_contractor: '总包单位兜底',
  government: '政府垫付',
}

export const PENALTY_KIND_LABELS: Record<PenaltyKind, string> = {
  payment_order: '责令限期支付',
  rectification_order: '责令整改',
  fine: '罚款',
  credit_listing: '失信联合惩戒',
}

/** Format integer fen as yuan for display, e.g. 1234500 → "12,345 元". */
export function formatFen(fen: number): string {
  const yuan = Math.floor(fen / 100)
  const cents = fen % 100
  const whole = String(yuan).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return cents ? `${whole}.${String(cents).padStart(2, '0')} 元` : `${whole} 元`
}

/** Whose number a contact phone is. */
export const CONTACT_PHONE_OF_LABELS: Record<ContactPhoneOf, string> = { relative: '亲属', desk: '服务台' }

/** How to reach a complainant, in words: the mobile, else "无手机，联系电话 …（亲属）", else "无手机". */
export function phoneText(p: PhoneFields): string {
  if (p.phone) return p.phone
  if (!p.contactPhone) return '无手机'
  const of = p.contactPhoneOf ? CONTACT_PHONE_OF_LABELS[p.contactPhoneOf] : ''
  return `无手机，联系电话 ${p.contactPhone}${of ? `（${of}）` : ''}`
}
