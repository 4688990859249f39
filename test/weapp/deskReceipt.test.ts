/** @jest-environment jsdom */
// The desk's receipt in the real WeChat build (issue 15, point 4): a claim locked by wrong codes is said
// so, and the filing desk's 重新生成认领码 asks first, then issues new codes and shows them; others see no button.
import type { DeskReceipt, Input } from '@shared/contract'
import { fakeServer, loadPage, ok, until } from './harness'

const person = (name: string, phone: string, code: string | null, claimed = false) => ({
  name,
  phone,
  amountOwedFen: 300_000,
  claimed,
  claimCode: code,
  claimUrl: code ? `https://xam.example.cn/c/130602-2026-00031?k=${code}` : null,
  claimQrSvg: null,
})

function receipt(over: Partial<DeskReceipt> = {}): DeskReceipt {
  return {
    id: 'c-31',
    caseNo: '130602-2026-00031',
    claimLocked: false,
    canReissue: true,
    claimCode: null,
    claimUrl: null,
    claimQrSvg: null,
    projectName: '朝阳小区外墙改造',
    employerName: '某劳务公司',
    handler: { id: 'd-jx-housing', name: '竞秀区住建局' },
    firstResponder: { id: 'd-jx-desk', name: '竞秀区服务台' },
    acceptDueAt: '2026-11-19T09:00:00.000Z',
    workerCount: 2,
    complainants: [person('王大力', '139****0201', null, true), person('刘二牛', '139****0202', 'K7M2QP')],
    amountOwedFen: 600_000,
    createdAt: '2026-11-18T01:00:00.000Z',
    ...over,
  }
}

function serverFor(sent: Input<'staff', 'complaint.reissueClaim'>[]) {
  return fakeServer({
    staff: {
      'complaint.receipt': () =>
        ok(
          sent.length
            ? receipt({ complainants: [person('王大力', '139****0201', null, true), person('刘二牛', '139****0202', 'N3W8CD')] })
            : receipt({ claimLocked: true }),
        ),
      'complaint.reissueClaim': (data) => {
        sent.push(data)
        return ok({ id: 'c-31', caseNo: '130602-2026-00031', members: [{ idx: 1, name: '刘二牛', claimCode: 'N3W8CD' }] })
      },
    },
  })
}

test('a locked claim is said so; 重新生成认领码 asks, issues new codes for the case and shows them', async () => {
  const sent: Input<'staff', 'complaint.reissueClaim'>[] = []
  const page = await loadPage('staff/pages/receipt/index', { id: 'c-31' }, serverFor(sent))
  await until(() => page.$('.xam-receipt-reissue') !== null)
  expect(page.text('.xam-receipt-locked')).toContain('认领码输错次数太多')
  expect(page.text('.xam-receipt-slip-code')).toBe('K7M2QP')
  await page.tap('.xam-receipt-reissue')
  await until(() => page.$('.xam-receipt-reissued') !== null)
  expect(page.modals).toEqual(['重新生成认领码'])
  expect(sent).toEqual([{ id: 'c-31' }])
  expect(page.text('.xam-receipt-reissued')).toContain('已生成新的认领码')
  expect(page.$('.xam-receipt-locked')).toBeNull()
  expect(page.text('.xam-receipt-slip-code')).toBe('N3W8CD')
})

test('cancelled at the question, nothing is sent; a receipt without the right to new codes has no button', async () => {
  const sent: Input<'staff', 'complaint.reissueClaim'>[] = []
  const page = await loadPage('staff/pages/receipt/index', { id: 'c-31' }, serverFor(sent), { modal: () => false })
  await until(() => page.$('.xam-receipt-reissue') !== null)
  await page.tap('.xam-receipt-reissue')
  expect(page.modals).toEqual(['重新生成认领码'])
  expect(sent).toEqual([])
  expect(page.calls.map((c) => c.action)).toEqual(['complaint.receipt'])

  const other = await loadPage(
    'staff/pages/receipt/index',
    { id: 'c-31' },
    fakeServer({ staff: { 'complaint.receipt': () => ok(receipt({ canReissue: false })) } }),
  )
  await until(() => other.$('.xam-receipt-case') !== null)
  expect(other.$('.xam-receipt-reissue')).toBeNull()
})
