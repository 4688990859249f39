// The coordinator's oversight actions: the offender ledger (JSON and XLSX) and the risk picture per
// district or industry (oversight.ts).
import { areaName } from '../../../shared/areas'
import { oversightContract } from '../../../shared/contract/oversight'
import { beijingDate } from '../../../shared/time'
import { defuse } from '../ledger'
import { offenderLedger, offenderSheet, riskAreas } from '../oversight'
import { xlsx } from '../xlsx'
import { defineActions } from './types'

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export const oversightActions = defineActions(oversightContract, {
  'offenders.list': async (ctx) => {
    const { dept: _dept, ...ledger } = await offenderLedger(ctx)
    return ledger
  },

  'offenders.export': async (ctx) => {
    const { dept, ...ledger } = await offenderLedger(ctx)
    const madeOn = beijingDate(ctx.now)
    const name = areaName(dept.areaCode)
    const rows = offenderSheet(ledger, { areaName: name, madeOn })
    const file = xlsx(
      '用人单位台账',
      rows.map((r) => r.map(defuse)),
    )
    return { filename: `欠薪用人单位台账-${name}-${madeOn}.xlsx`, mime: XLSX_MIME, base64: file.toString('base64') }
  },

  'risk.districts': async (ctx, d) => riskAreas(ctx, d.groupBy),
})
