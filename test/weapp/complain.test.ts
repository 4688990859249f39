/** @jest-environment jsdom */
// The complaint page of the real WeChat build (miniprogram/dist/weapp) in miniprogram-simulate, with
// wx.cloud.callFunction answered here as WeChat's servers would (see harness.ts).
import type { Input, SiteInfo, SubmitResult } from '@shared/contract'
import { areaChoices } from '@shared/areas'
import { fail, fakeServer, loadPage, ok, SETTINGS, until, type FakeServer, type Handlers } from './harness'

const SITE: SiteInfo = {
  code: 'F8KCC7G',
  displayCode: 'F8K-CC7G',
  name: '竞秀区保障性住房三期工程',
  address: '竞秀区朝阳北大街',
  areaCode: '130602',
  areaName: '河北省保定市竞秀区',
  industry: 'housing',
  funding: 'government',
  contractor: { name: '河北建工集团有限责任公司', uscc: '91130600MA0000000X' },
  supervisingDept: { id: 'd-housing', name: '竞秀区住房和城乡建设局' },
}

const STICKER = 'https://xam.example.cn/q/F8KCC7G?p=helmet'

/** The test's own handlers, then the sticker's site (any other code is unknown) and the area choices. */
function server(over: Handlers = {}): FakeServer {
  return fakeServer(over, {
    worker: {
      'site.lookup': (data) => (data.code === SITE.code ? ok(SITE) : fail('NOT_FOUND', '没有找到这个项目码，请核对或直接填写项目名称')),
      // The server's own choices (shared/areas.ts, as worker area.choices answers).
      'area.choices': (data) => ok({ items: areaChoices(data.province ?? '') }),
    },
  })
}

/** The receipt of a registered complaint (`worker complaint.submit`). */
const receipt = (id: string, caseNo: string): SubmitResult => ({
  id,
  caseNo,
  status: 'routed',
  firstResponder: SITE.supervisingDept,
  handler: SITE.supervisingDept,
  acceptDueAt: null,
})

async function fillValid(page: Awaited<ReturnType<typeof loadPage>>) {
  await page.type('.xam-field-name', '张师傅')
  await page.type('.xam-field-phone', '13812345678')
  await page.type('.xam-field-amount', '12500')
  await page.type('.xam-field-count', '3')
  // 从哪个月开始欠 has no default: 上个月.
  page.root.querySelectorAll('.xam-month-choice')[1]!.dispatchEvent('tap')
  await page.settle()
}

test('a sticker link (q) opens the complaint page with the site filled in, read-only', async () => {
  const page = await loadPage('pages/complain/index', { q: encodeURIComponent(STICKER) }, server())
  await until(() => page.text('.xam-site-name') !== '')

  expect(page.calls.find((c) => c.action === 'site.lookup')).toEqual({ name: 'worker', action: 'site.lookup', data: { code: 'F8KCC7G' } })
  expect(page.text('.xam-site-name')).toBe(SITE.name)
  expect(page.text('.xam-site-address')).toBe(SITE.address)
  expect(page.text('.xam-site-employer')).toBe(SITE.contractor.name)
  expect(page.text('.xam-site-dept')).toBe(SITE.supervisingDept.name)
  // Nothing about the site can be typed over; the form asks only what the worker knows.
  expect(page.$('.xam-site .nut-input-native')).toBeNull()
  expect(page.$('.xam-field-name .nut-input-native')).not.toBeNull()
  expect(page.$('.xam-no-site')).toBeNull()
})

test('a wrong phone number gets a plain message under the field as soon as the worker leaves it', async () => {
  const page = await loadPage('pages/complain/index', { q: encodeURIComponent(STICKER) }, server())
  await until(() => page.text('.xam-site-name') !== '')
  expect(page.$('.xam-field-error')).toBeNull()

  await page.type('.xam-field-phone', '1381234')
  await until(() => page.$('.xam-field-error') !== null)
  expect(page.root.querySelectorAll('.xam-field-error')).toHaveLength(1)
  expect(page.text('.xam-err-complainant-phone')).toBe('手机号应该是11位数字，以1开头，请核对')

  // Fixed: the message goes away while typing.
  await page.type('.xam-field-phone', '13812345678', false)
  await until(() => page.$('.xam-field-error') === null)

  // Sending with fields left empty points at each of them.
  await page.tap('.xam-submit')
  await until(() => page.$('.xam-top-error') !== null)
  expect(page.text('.xam-err-complainant-name')).toBe('请填写您的姓名')
  expect(page.text('.xam-err-amountOwedFen')).toBe('请填写大概欠多少钱')
  expect(page.calls.some((c) => c.action === 'complaint.submit')).toBe(false)
})

test('a mini-program code (scene) and a shared card (code, p) open the same site and placement', async () => {
  const byScene = await loadPage('pages/complain/index', { scene: encodeURIComponent('F8KCC7G_b') }, server())
  await until(() => byScene.text('.xam-site-name') === SITE.name)
  expect(byScene.calls.find((c) => c.action === 'site.lookup')!.data).toEqual({ code: 'F8KCC7G' })

  const byCard = await loadPage('pages/complain/index', { code: 'F8KCC7G', p: 'gate' }, server())
  await until(() => byCard.text('.xam-site-name') === SITE.name)
})

test('submit asks for message permission in the tap, retries a lost submit with the same request id, and opens the receipt', async () => {
  const submitted: Input<'worker', 'complaint.submit'>[] = []
  const page = await loadPage(
    'pages/complain/index',
    { scene: 'F8KCC7G_h' },
    server({
      worker: {
        'app.settings': () => ok({ ...SETTINGS, subscribeTemplates: ['tmpl-case-update'] }),
        'complaint.submit': (data, n) => {
          submitted.push(data)
          if (n === 1) throw new Error('request:fail timeout') // the weak signal drops the first one
          return ok(receipt('c-1', '130602-2026-00001'))
        },
      },
    }),
  )
  await until(() => page.text('.xam-site-name') !== '')
  await fillValid(page)

  await page.tap('.xam-submit')
  // WeChat shows the permission dialog only from a tap: it is asked in the tap handler, before the
  // submit goes out (and its answer is awaited before leaving the page).
  expect(page.subscribeRequests).toEqual([['tmpl-case-update']])
  expect(page.log.indexOf('subscribe')).toBeLessThan(page.log.indexOf('call:complaint.submit'))

  await until(() => page.redirects.length > 0, 8000)
  expect(page.redirects).toEqual(['/pages/receipt/index?id=c-1&sub=1'])
  expect(submitted).toHaveLength(2)
  expect(submitted[1].clientRequestId).toBe(submitted[0].clientRequestId)
  expect(submitted[0]).toMatchObject({
    siteCode: 'F8KCC7G',
    placement: 'helmet',
    complainant: { name: '张师傅', phone: '13812345678' },
    amountOwedFen: 1_250_000,
    workerCount: 3,
    photos: [],
    hideIdentityFromEmployer: false,
    bossUnreachable: false,
  })
  // The draft is gone; name and phone are remembered for the next complaint.
  expect(page.storage.has('xam.draft.F8KCC7G')).toBe(false)
  expect(page.storage.get('xam.me')).toEqual({ name: '张师傅', phone: '13812345678' })
})

test('photos are chosen with chooseMedia, checked for size, uploaded to cloud storage and sent as file ids', async () => {
  const submitted: Input<'worker', 'complaint.submit'>[] = []
  const page = await loadPage(
    'pages/complain/index',
    { q: encodeURIComponent(STICKER) },
    server({
      worker: {
        'complaint.submit': (data) => {
          submitted.push(data)
          return ok(receipt('c-2', '130602-2026-00002'))
        },
      },
    }),
    {
      media: [
        { tempFilePath: 'wxfile://tmp/payslip.jpg', size: 180_000 },
        { tempFilePath: 'wxfile://tmp/huge.jpg', size: 9_000_000 },
      ],
    },
  )
  await until(() => page.text('.xam-site-name') !== '')
  await page.tap('.xam-photo-add')
  await until(() => page.$('.xam-photo-done') !== null && page.$('.xam-photo-failed') !== null)
  // Into the worker's own folder (app.settings), then recorded as theirs.
  expect(page.uploads).toEqual([expect.stringMatching(/^evidence\/0123456789abcdef01234567\/[a-z0-9]+\.jpg$/)])
  expect(page.calls.filter((c) => c.action === 'upload.register').map((c) => c.data)).toEqual([
    { fileId: `cloud://env-1/${page.uploads[0]}` },
  ])
  expect(page.text('.xam-photo-error')).toBe('照片太大了，请选5MB以内的')

  // A photo that did not go up must be dealt with before sending: removed here.
  await fillValid(page)
  await page.tap('.xam-submit')
  expect(page.text('.xam-top-error')).toContain('有照片没传上去')
  page.root.querySelectorAll('.xam-photo-failed .xam-photo-remove')[0]!.dispatchEvent('tap')
  await until(() => page.$('.xam-photo-failed') === null)
  await page.tap('.xam-submit')
  await until(() => submitted.length === 1)
  expect(submitted[0].photos).toEqual([`cloud://env-1/${page.uploads[0]}`])
})

test('a draft survives closing the app, per site', async () => {
  const storage = new Map<string, unknown>()
  const first = await loadPage('pages/complain/index', { q: encodeURIComponent(STICKER) }, server(), { storage })
  await until(() => first.text('.xam-site-name') !== '')
  await first.type('.xam-field-name', '王师傅')
  await first.type('.xam-field-amount', '3000')
  await until(() => storage.has('xam.draft.F8KCC7G'), 3000)

  const again = await loadPage('pages/complain/index', { q: encodeURIComponent(STICKER) }, server(), { storage })
  await until(() => again.text('.xam-site-name') !== '')
  expect(again.$('.xam-restored')).not.toBeNull()
  const draft = storage.get('xam.draft.F8KCC7G') as any
  expect(draft.value.form).toMatchObject({ name: '王师傅', amountYuan: '3000' })
  expect(draft.value.clientRequestId).toMatch(/^c-/)
})

test('an unknown or retired site says so and offers the form without a site', async () => {
  const page = await loadPage('pages/complain/index', { code: 'ZZZZZ27' }, server())
  await until(() => page.$('.xam-not-found') !== null && page.$('.xam-area-province') !== null)
  expect(page.text('.xam-not-found')).toContain('没有找到项目码 ZZZ-ZZ27')
  expect(page.$('.xam-field-project .nut-input-native')).not.toBeNull()
  expect(page.$('.xam-area-province')).not.toBeNull()
  expect(page.root.querySelectorAll('.xam-industry .xam-choice')).toHaveLength(4)
})

test('without a sticker the area is picked from choices loaded as the worker picks, kept for the next time', async () => {
  const submitted: Input<'worker', 'complaint.submit'>[] = []
  const areas = server({
    worker: {
      'complaint.submit': (data) => {
        submitted.push(data)
        return ok(receipt('c-area', '130602-2026-00009'))
      },
    },
  })
  const storage = new Map<string, unknown>()
  const page = await loadPage('pages/complain/index', {}, areas, { storage })
  await until(() => page.$('.xam-area-province') !== null)
  // The page came without any area tree: the provinces were asked for, nothing more yet.
  expect(page.calls.filter((c) => c.action === 'area.choices')).toEqual([{ name: 'worker', action: 'area.choices', data: {} }])
  expect(page.text('.xam-area-province')).toBe('选择省份')

  const pick = async (selector: string, name: string, names: string[]) => {
    const i = names.indexOf(name)
    expect(i).toBeGreaterThanOrEqual(0)
    page.$(selector)!.dispatchEvent('change', { detail: { value: i } })
    await page.settle()
  }
  await pick(
    '.xam-area-province',
    '河北省',
    areaChoices('').map((p) => p.name),
  )
  await until(() => page.$('.xam-area-city') !== null)
  expect(page.calls.filter((c) => c.action === 'area.choices').map((c) => c.data)).toEqual([{}, { province: '130000' }])
  const cities = areaChoices('130000')
  await pick(
    '.xam-area-city',
    '保定市',
    cities.map((c) => c.name),
  )
  await until(() => page.$('.xam-area-district') !== null)
  await pick(
    '.xam-area-district',
    '竞秀区',
    (cities.find((c) => c.code === '130600')!.children ?? []).map((d) => d.name),
  )
  expect(page.text('.xam-area-province')).toBe('河北省')
  expect(page.text('.xam-area-city')).toBe('保定市')
  expect(page.text('.xam-area-district')).toBe('竞秀区')
  // The county took no further request.
  expect(page.calls.filter((c) => c.action === 'area.choices')).toHaveLength(2)

  await page.type('.xam-field-project', '幸福家园小区二期')
  page.root.querySelectorAll('.xam-industry .xam-choice')[0]!.dispatchEvent('tap') // 盖房子、市政
  await page.settle()
  await fillValid(page)
  await page.tap('.xam-submit')
  // The place is complete: no message on it, and the complaint went out with 竞秀区's code.
  expect(page.$('.xam-field-error[data-field="project.areaCode"]')).toBeNull()
  await until(() => submitted.length > 0)
  expect(submitted).toHaveLength(1)
  expect(submitted[0]!.project).toMatchObject({ name: '幸福家园小区二期', areaCode: '130602', industry: 'housing' })

  // Next time, on this phone, the choices are already here: no request for them.
  const again = await loadPage('pages/complain/index', {}, areas, { storage })
  await until(() => again.$('.xam-area-province') !== null)
  expect(again.calls.filter((c) => c.action === 'area.choices')).toEqual([])
})
