// The ledger (台账): every case with its last event, as CSV (UTF-8 with BOM, for Excel) or XLSX.
// Lists show masked personal data; cells that a spreadsheet would run as a formula are defused.
import { CARD_LABELS, CHANNEL_LABELS, EVENT_LABELS, INDUSTRY_LABELS, RISK_LABELS, STATUS_LABELS } from '../../shared/labels'
import { areaName } from '../../shared/areas'
import { formatBeijing } from '../../shared/time'
import type { Dept, LedgerRow } from './ports'
import { xlsx } from './xlsx'

export const LEDGER_HEADER = [
  '案件编号',
  '登记时间',
  '渠道',
  '项目',
  '用工单位',
  '地区',
  '行业',
  '人数',
  '被欠金额（元）',
  '状态',
  '首问单位',
  '承办单位',
  '受理期限',
  '办结期限',
  '督办牌',
  '风险等级',
  '追回金额（元）',
  '评分',
  '最后记录时间',
  '最后记录',
  // A lead's reference in the system it came from and that system's reply-back deadline (issue 14).
  '来源编号',
  '回复期限',
  // Supervision (挂牌督办) and the official who carries the case (issue 16).
  '挂牌督办期限',
  '包案领导',
  '承办人办公电话',
  '承办人',
]

/** `assignees`: the officials who carry the cases (承办人), by openid: their name and office phone. */
export function ledgerRows(
  rows: LedgerRow[],
  depts: Dept[],
  assignees: ReadonlyMap<string, { name: string; officePhone: string }> = new Map(),
): (string | number)[][] {
  const name = (id: string) => depts.find((d) => d.id === id)?.name ?? ''
  const time = (t: string | null) => (t ? formatBeijing(t) : '')
  return rows.map(({ complaint: c, lastEvent: e }) => [
    c.caseNo,
    time(c.createdAt),
    CHANNEL_LABELS[c.channel],
    c.projectName,
    c.employerName,
    areaName(c.areaCode),
    INDUSTRY_LABELS[c.industry],
    c.workerCount,
    c.amountOwedFen / 100,
    STATUS_LABELS[c.status],
    name(c.firstResponderDeptId),
    name(c.handlerDeptId),
    time(c.acceptDueAt),
    time(c.resolveDueAt),
    CARD_LABELS[c.card],
    RISK_LABELS[c.riskLevel],
    c.amountRecoveredFen === null ? '' : c.amountRecoveredFen / 100,
    c.rating ?? '',
    time(e?.at ?? null),
    e ? `${EVENT_LABELS[e.type] ?? e.type}：${e.note}` : '',
    c.externalRef ?? '',
    time(c.replyDueAt ?? null),
    time(c.supervision?.dueAt ?? null),
    c.supervision?.leaderName ?? '',
    (c.assigneeOpenid && assignees.get(c.assigneeOpenid)?.officePhone) || '',
    (c.assigneeOpenid && assignees.get(c.assigneeOpenid)?.name) || '',
  ])
}

/**
 * A text cell that a spreadsheet would run as a formula gets a quote in front: one starting with = + - @
 * (or their full-width forms ＝ ＋ － ＠, which some spreadsheets fold), a tab or CR, also after
 * invisible leading characters (zero-width spaces, BOM, direction marks).
 */
export function defuse(v: string | number): string | number {
  return typeof v === 'string' && /^[\u200b-\u200f\u2060\ufeff\u202a-\u202e\s]*[=+\-@\uff1d\uff0b\uff0d\uff20\t\r]/.test(v) ? `'${v}` : v
}

/** Rows as CSV lines, each ending in CRLF (no BOM: pages of one file are joined). */
export function csvLines(rows: (string | number)[][]): string {
  const cell = (v: string | number) => {
    const s = String(defuse(v))
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  return rows.map((r) => r.map(cell).join(',') + '\r\n').join('')
}

/** Mark of UTF-8 at the start of a CSV, so that Excel reads Chinese right. */
export const CSV_BOM = '\ufeff'

export function toCsv(rows: (string | number)[][]): Buffer {
  return Buffer.from(CSV_BOM + csvLines(rows), 'utf8')
}

export function toXlsx(rows: (string | number)[][]): Buffer {
  return xlsx(
    '台账',
    rows.map((r) => r.map(defuse)),
  )
}
