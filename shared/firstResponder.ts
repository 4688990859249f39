// First responder (首问负责制): the unit that first received the complaint stays accountable until the
// handler accepts; a returned case goes back to it, never to the worker.
import type { Channel } from './types'
import { labourFor, type DeptLite } from './routing'

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
export function channelOf(p: { byDesk: boolean; siteCode?: string | null; placement?: string | null }): Channel {
  if (p.byDesk) return 'desk'
  if (!p.siteCode) return 'self'
  return p.placement === 'board' || p.placement === 'gate' || p.placement === 'living' ? 'board_qr' : 'helmet_qr'
}
