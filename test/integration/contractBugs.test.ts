// Issue 11, "the four bugs", through the real local server: a desk filing in a city without counties,
// the photo limit's configuration capped by the contract, and the description's length.
import { LIMITS } from '../../shared/contract/fields'
import { startTestServer, submission, type TestServer } from '../helpers/server'
import { deploymentConfig } from '../helpers/config'

let srv: TestServer
let desk: string
let coordinator: string

/** A fixed instant (owedSince in `submission` is 2026-08); always handed back to real time after. */
const NOW = '2026-11-18T09:00:00+08:00'
async function atFixedTime(run: () => Promise<void>): Promise<void> {
  await srv.dev('/dev/clock', { now: NOW })
  try {
    await run()
  } finally {
    await srv.dev('/dev/clock', { now: null })
  }
}

beforeAll(async () => {
  srv = await startTestServer()
  desk = await srv.login({ persona: 'desk' })
  coordinator = await srv.login({ persona: 'coordinator' })
})
afterAll(() => srv.close())

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 1)])
async function uploadPhoto(token: string): Promise<string> {
  const r = await fetch(`${srv.baseUrl}/upload`, {
    method: 'POST',
    headers: { 'Content-Type': 'image/jpeg', Authorization: `Bearer ${token}` },
    body: new Uint8Array(JPEG),
  })
  expect(r.status).toBe(200)
  return ((await r.json()) as { data: { fileId: string } }).data.fileId
}

describe('bug a: the desk files a complaint without a site in a city without counties', () => {
  test.each([
    ['441900', '广东省东莞市'],
    ['442000', '广东省中山市'],
    ['460400', '海南省儋州市'],
    ['620200', '甘肃省嘉峪关市'],
  ])('%s (%s)', (areaCode, areaName) =>
    atFixedTime(async () => {
      const filed = await srv.call(
        desk,
        'staff',
        'complaint.fileOnBehalf',
        submission(null, {
          complainant: { name: '王大力', phone: '13900000001' },
          project: { name: '外地项目（服务台代为登记）', areaCode, industry: 'housing' },
          employerName: '某劳务公司',
        }),
      )
      expect(filed.error).toBeUndefined()
      expect(filed.ok).toBe(true)
      expect(filed.data.claimCode).toMatch(/^[2-9A-HJ-NP-Z]{6}$/)
      const got = await srv.call(desk, 'staff', 'complaint.get', { id: filed.data.id })
      expect(got.data).toMatchObject({ areaCode, areaName, projectName: '外地项目（服务台代为登记）', channel: 'desk' })
    }),
  )
})

describe('bug c: photos are capped by the contract (LIMITS.photos), and configuration may only lower that', () => {
  test('the deployment cannot set uploads.maxPhotos above the ceiling; a coordinator cannot set it at all', async () => {
    expect(LIMITS.photos).toBe(6)
    await expect(deploymentConfig(srv, { uploads: { maxPhotos: 9 } })).rejects.toThrow(/uploads\.maxPhotos/)
    const nine = await srv.call(coordinator, 'admin', 'config.set', { uploads: { maxPhotos: 2 } })
    expect(nine.ok).toBe(false)
    expect(nine.error!.code).toBe('VALIDATION')
    expect(nine.error!.fields).toHaveProperty(['uploads.maxPhotos'])
    expect((await srv.call(coordinator, 'admin', 'config.get', {})).data.effective.uploads.maxPhotos).toBe(LIMITS.photos)
  })

  test('with maxPhotos 2 the worker is told so, and a submit with 3 photos is refused on `photos`', () =>
    atFixedTime(async () => {
      const worker = await srv.login({ openid: 'contract-bugs-photos' })
      await deploymentConfig(srv, { uploads: { maxPhotos: 2 } })
      try {
        expect((await srv.call(worker, 'worker', 'app.settings', {})).data.maxPhotos).toBe(2)
        const photos = [await uploadPhoto(worker), await uploadPhoto(worker), await uploadPhoto(worker)]
        const three = await srv.call(worker, 'worker', 'complaint.submit', submission(srv.sites[0].code, { photos }))
        expect(three.error).toMatchObject({ code: 'VALIDATION', fields: { photos: '照片最多2张' } })
        expect(Object.keys(three.error!.fields!)).toEqual(['photos'])
        const filed = await srv.call(desk, 'staff', 'complaint.fileOnBehalf', submission(srv.sites[0].code, { photos }))
        expect(filed.error).toMatchObject({ code: 'VALIDATION', fields: { photos: '照片最多2张' } })
        const two = await srv.call(worker, 'worker', 'complaint.submit', submission(srv.sites[0].code, { photos: photos.slice(0, 2) }))
        expect(two.ok).toBe(true)
      } finally {
        await deploymentConfig(srv, { uploads: { maxPhotos: LIMITS.photos } })
      }
    }))
})

describe('bug d: the server takes a description of LIMITS.description characters, as the page does', () => {
  test('2,000 characters are kept whole; 2,001 are refused on `description`', () =>
    atFixedTime(async () => {
      const worker = await srv.login({ openid: 'contract-bugs-description' })
      const long = '老板拖欠工资'.repeat(400).slice(0, LIMITS.description)
      expect(long).toHaveLength(2000)
      const sub = await srv.call(worker, 'worker', 'complaint.submit', submission(srv.sites[0].code, { description: long }))
      expect(sub.ok).toBe(true)
      const got = await srv.call(worker, 'worker', 'complaint.get', { id: sub.data.id })
      expect(got.data.description).toBe(long)
      const over = await srv.call(worker, 'worker', 'complaint.submit', submission(srv.sites[0].code, { description: long + '。' }))
      expect(over.error).toMatchObject({ code: 'VALIDATION', fields: { description: `情况说明太长了，最多${LIMITS.description}个字` } })
    }))
})
