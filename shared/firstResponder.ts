// First responder (首问负责制): the unit that first received the complaint stays accountable until the
// handler accepts; a returned case goes back to it, never to the worker.
import { handlesCases, type Channel, type LeadChannel } from './types'
import { labourFor, type DeptLite } from './routing'
import { areaContains, areaPrefix, isAreaCode } from './validators/areaCode'

export type FirstResponderInput =
  | { channel: 'desk'; deskDeptId: string }
  | { channel: 'helmet_qr' | 'board_qr'; stickerIssuerDeptId: string }
  | { channel: 'self'; areaCode: string }

export type FirstResponderDecision = { deptId: string; explanation: string } | { deptId: null; explanation: string }

export function firstResponder(input: FirstResponderInput, depts: readonly DeptLite[]): FirstResponderDecision {
  const name = (id: string) => depts.find((d) => d.id === id)?.name ?? id
  switch (input.channel) {
    case 'desk':
      return { deptId: input.deskDeptId, explanation: `服务台${name(input.deskDeptId)}首问受理` }
    case 'helmet_qr':
    case 'board_qr':
      return { deptId: input.stickerIssuerDeptId, explanation: `二维码发放单位${name(input.stickerIssuerDeptId)}首问负责` }
    case 'self': {
      const labour = labourFor(input.areaCode, depts)
      return labour
        ? { deptId: labour.id, explanation: `属地人社部门${labour.name}首问负责` }
        : { deptId: null, explanation: '该地区没有人社部门' }
    }
  }
}

/** The channel of a complaint from how it arrived. */
export function channelOf(p: { byDesk: boolean; siteCode?: string | null; placement?: string | null }): Exclude<Channel, LeadChannel> {
  if (p.byDesk) return 'desk'
  if (!p.siteCode) return 'self'
  return p.placement === 'board' || p.placement === 'gate' || p.placement === 'living' ? 'board_qr' : 'helmet_qr'
}

/**
 * Does this deployment cover the area: is there an active department (a desk does not count: it receives
 * complaints but handles none) whose area contains it?
 */
export function coversArea(areaCode: string, depts: readonly DeptLite[]): boolean {
  return depts.some((d) => handlesCases(d.kind) && d.active !== false && areaContains(d.areaCode, areaCode))
}

/**
 * The catch-all first responder (兜底首问单位): the unit that registers a complaint about an area no
 * department here covers, or where no labour department is found, and then transfers it out. The
 * configured unit (`outOfArea.catchAllDeptId`) when it is active and not a desk; otherwise the labour
 * department of the widest area here (where the top coordinator sits), the first by id on a tie.
 */
export function catchAllDept(depts: readonly DeptLite[], configuredId = ''): DeptLite | undefined {
  const usable = (d: DeptLite) => d.active !== false && handlesCases(d.kind)
  const configured = configuredId ? depts.find((d) => d.id === configuredId && usable(d)) : undefined
  if (configured) return configured
  const width = (d: DeptLite) => (isAreaCode(d.areaCode) ? areaPrefix(d.areaCode).length : 99)
  const widest = (pool: DeptLite[]) => [...pool].sort((a, b) => width(a) - width(b) || a.id.localeCompare(b.id))[0]
  return widest(depts.filter((d) => usable(d) && d.kind === 'labour')) ?? widest(depts.filter(usable))
}
