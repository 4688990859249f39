// Sticker sheets: render the PDF with poppler (pdftoppm, pdftotext), decode every QR back with jsQR,
// and check each link, the printed codes, the embedded font subset and the size budget.
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { seedDemo } from '../../cloudfunctions/core/seed'
import { SqliteStorage } from '../../cloudfunctions/core/storage/sqlite'
import { defaultConfig } from '../../shared/config'
import { DEV_PUBLIC_BASE_URL } from '../../cloudfunctions/core/context'
import { formatSiteCode } from '../../shared/validators'
import { BOARD, HELMET, helmetCell, makeStickerSheet, promiseText, stickerLink, type StickerSite } from '../../scripts/stickerSheet'
import { artifactPath } from '../helpers/browser'

const ROOT = path.resolve(__dirname, '../..')
const DPI = 150
const PX = DPI / 72
const BASE = DEV_PUBLIC_BASE_URL
const HTTPS_BASE = 'https://xam.example.gov.cn'

let dir: string
let sites: StickerSite[]

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'xam-stickers-'))
  const storage = new SqliteStorage(path.join(dir, 'xinanma.db'))
  await seedDemo(storage, new Date('2026-11-18T01:00:00Z'))
  const depts = new Map((await storage.listDepts()).map((d) => [d.id, d.name]))
  sites = (await storage.listSites('', 100))
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((s) => ({
      code: s.code,
      name: s.name,
      address: s.address,
      areaCode: s.areaCode,
      contractorName: s.contractorName,
      funding: s.funding,
      deptName: depts.get(s.supervisingDeptId),
    }))
  storage.close()
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(cmd, args, { cwd: ROOT, env, encoding: 'utf8' })
  if (r.error) throw r.error
  return r
}

/** Every page of the PDF as a PNG at 150 dpi, in page order. */
function render(pdf: Buffer, name: string): { pngs: string[]; pages: PNG[] } {
  const file = path.join(dir, `${name}.pdf`)
  writeFileSync(file, pdf)
  const r = run('pdftoppm', ['-r', String(DPI), '-png', file, path.join(dir, name)])
  expect(r.status).toBe(0)
  const pngs = readdirSync(dir)
    .filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'))
    .sort((a, b) => Number(/-(\d+)\.png$/.exec(a)![1]) - Number(/-(\d+)\.png$/.exec(b)![1]))
    .map((f) => path.join(dir, f))
  return { pngs, pages: pngs.map((f) => PNG.sync.read(readFileSync(f))) }
}

function pageText(pdf: Buffer, name: string, page: number): string {
  const file = path.join(dir, `${name}.pdf`)
  writeFileSync(file, pdf)
  const r = run('pdftotext', ['-f', String(page), '-l', String(page), '-enc', 'UTF-8', file, '-'])
  expect(r.status).toBe(0)
  return r.stdout
}

function pageCount(pdf: Buffer, name: string): number {
  const file = path.join(dir, `${name}.pdf`)
  writeFileSync(file, pdf)
  return Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [file]).stdout)![1])
}

/** Decode the QR in a square region given in PDF points (plus a margin), or null. */
function decodeAt(png: PNG, box: { x: number; y: number; size: number }, marginPt = 4): string | null {
  const x0 = Math.max(0, Math.floor((box.x - marginPt) * PX))
  const y0 = Math.max(0, Math.floor((box.y - marginPt) * PX))
  const w = Math.min(png.width - x0, Math.ceil((box.size + 2 * marginPt) * PX))
  const h = Math.min(png.height - y0, Math.ceil((box.size + 2 * marginPt) * PX))
  const data = new Uint8ClampedArray(w * h * 4)
  for (let row = 0; row < h; row++) {
    const from = ((y0 + row) * png.width + x0) * 4
    data.set(png.data.subarray(from, from + w * 4), row * w * 4)
  }
  return jsQR(data, w, h, { inversionAttempts: 'dontInvert' })?.data ?? null
}

function expectEmbeddedSubset(pdf: Buffer): void {
  const raw = pdf.toString('latin1')
  expect(raw).toContain('/FontFile2')
  expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/)
  expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Bold/)
  // Only the subset font is used: no unembedded standard font was referenced.
  expect(raw).not.toMatch(/\/BaseFont \/Helvetica/)
}

const count = (text: string, needle: string) => text.split(needle).length - 1

test('helmet sheet: one page of 24 stickers per demo site; every QR decodes to its link with p=helmet', async () => {
  const started = Date.now()
  const pdf = await makeStickerSheet(sites, { layout: 'helmet', publicBaseUrl: BASE })
  const ms = Date.now() - started
  expect(sites.length).toBe(4)
  expect(pageCount(pdf, 'helmet')).toBe(sites.length)
  expect(pdf.length).toBeLessThan(1024 * 1024)
  expectEmbeddedSubset(pdf)

  const { pngs, pages } = render(pdf, 'helmet')
  expect(pages).toHaveLength(sites.length)
  copyFileSync(pngs[0], artifactPath('stickers-helmet.png'))
  let decoded = 0
  sites.forEach((site, p) => {
    const expected = stickerLink(BASE, site.code, 'helmet')
    expect(expected).toBe(`${BASE}/q/${site.code}?p=helmet`)
    for (let i = 0; i < HELMET.perPage; i++) {
      expect(decodeAt(pages[p], helmetCell(i).qr)).toBe(expected)
      decoded++
    }
    const text = pageText(pdf, 'helmet', p + 1)
    // 24 stickers and the page footer print the human code with its check character.
    expect(count(text, formatSiteCode(site.code))).toBe(HELMET.perPage + 1)
    expect(count(text, '扫码反映欠薪')).toBe(HELMET.perPage)
    expect(text).toContain(site.name)
  })
  expect(decoded).toBe(sites.length * 24)
  console.log(`helmet sheet: ${sites.length} pages, ${decoded} QR codes, ${pdf.length} bytes, ${ms} ms`)
})

test('helmet copies: 30 stickers of one site take two pages (24 + 6), with a placement of choice', async () => {
  const site = sites[0]
  const pdf = await makeStickerSheet([site], { layout: 'helmet', publicBaseUrl: HTTPS_BASE, copies: 30, placement: 'clothes' })
  expect(pageCount(pdf, 'copies')).toBe(2)
  const { pages } = render(pdf, 'copies')
  const expected = `${HTTPS_BASE}/q/${site.code}?p=clothes`
  for (let i = 0; i < 24; i++) expect(decodeAt(pages[0], helmetCell(i).qr)).toBe(expected)
  for (let i = 0; i < 6; i++) expect(decodeAt(pages[1], helmetCell(i).qr)).toBe(expected)
  expect(decodeAt(pages[1], helmetCell(6).qr)).toBeNull()
  expect(count(pageText(pdf, 'copies', 2), formatSiteCode(site.code))).toBe(6 + 1)
})

test('board posters: one page per site with project, contractor, department, hotline, promise, big QR with p=board', async () => {
  const started = Date.now()
  const deadlines = defaultConfig().deadlines
  const pdf = await makeStickerSheet(sites, { layout: 'board', publicBaseUrl: HTTPS_BASE, deadlines })
  const ms = Date.now() - started
  expect(pageCount(pdf, 'board')).toBe(sites.length)
  expect(pdf.length).toBeLessThan(1024 * 1024)
  expectEmbeddedSubset(pdf)
  const { pngs, pages } = render(pdf, 'board')
  copyFileSync(pngs[0], artifactPath('stickers-board.png'))
  sites.forEach((site, p) => {
    expect(decodeAt(pages[p], BOARD.qr)).toBe(`${HTTPS_BASE}/q/${site.code}?p=board`)
    const text = pageText(pdf, 'board', p + 1).replace(/[ \t]+/g, '')
    expect(text).toContain(formatSiteCode(site.code))
    for (const s of [site.name, site.contractorName, site.deptName!, '12333', promiseText(deadlines, site.funding)])
      expect(text).toContain(s.replace(/\s/g, ''))
  })
  expect(promiseText(deadlines, 'government')).toBe('收到投诉后1个工作日内受理，政府投资和国有企业项目3日内办结')
  expect(promiseText({ ...deadlines, resolveDaysDefault: 20 }, 'other')).toBe('收到投诉后1个工作日内受理，20日内办结')
  console.log(`board posters: ${sites.length} pages, ${pdf.length} bytes, ${ms} ms`)
})

test('a long project name and address still fit; the hotline is configurable', async () => {
  const long: StickerSite = {
    ...sites[0],
    name: '保定市竞秀区城市更新行动老旧小区综合改造提升及配套基础设施建设工程（一标段）施工总承包项目',
    address: '竞秀区朝阳北大街与七一西路交叉口东北角，原保定市第二棉纺织厂老厂区及周边地块，北至复兴西路，南至七一西路',
  }
  const pdf = await makeStickerSheet([long], { layout: 'board', publicBaseUrl: HTTPS_BASE, hotline: '0312-12333' })
  const { pngs, pages } = render(pdf, 'long')
  copyFileSync(pngs[0], artifactPath('stickers-board-long.png'))
  expect(decodeAt(pages[0], BOARD.qr)).toBe(`${HTTPS_BASE}/q/${long.code}?p=board`)
  expect(pageText(pdf, 'long', 1)).toContain('0312-12333')
  const helmet = await makeStickerSheet([long], { layout: 'helmet', publicBaseUrl: HTTPS_BASE, copies: 4 })
  const h = render(helmet, 'long-helmet')
  copyFileSync(h.pngs[0], artifactPath('stickers-helmet-long.png'))
  for (let i = 0; i < 4; i++) expect(decodeAt(h.pages[0], helmetCell(i).qr)).toBe(`${HTTPS_BASE}/q/${long.code}?p=helmet`)
})

describe('npm run stickers', () => {
  const cli = path.join(ROOT, 'node_modules/.bin/tsx')
  const env = () => ({ ...process.env, DATA_DIR: dir })

  test('--all --layout board writes one poster per site', () => {
    const out = path.join(dir, 'cli-board.pdf')
    const r = run(cli, ['scripts/stickers.ts', '--all', '--layout', 'board', '--out', out, '--base-url', HTTPS_BASE], env())
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('4个项目，4页')
    expect(pageCount(readFileSync(out), 'cli-board')).toBe(4)
  })

  test('--site CODE --layout helmet: a page for that site; the plain-http link is warned about', () => {
    const out = path.join(dir, 'cli-helmet.pdf')
    const r = run(
      cli,
      ['scripts/stickers.ts', '--site', formatSiteCode(sites[1].code).toLowerCase(), '--layout', 'helmet', '--out', out],
      env(),
    )
    expect(r.status).toBe(0)
    expect(r.stderr).toContain('不是 https')
    const pdf = readFileSync(out)
    const { pages } = render(pdf, 'cli-helmet')
    expect(pages).toHaveLength(1)
    expect(decodeAt(pages[0], helmetCell(23).qr)).toBe(`${BASE}/q/${sites[1].code}?p=helmet`)
  })

  test('each board promises the deadlines of its own site’s area (configuration per area)', async () => {
    const storage = new SqliteStorage(path.join(dir, 'xinanma.db'))
    await storage.setAreaConfig('130606', { deadlines: { resolveDaysDefault: 20 } }, new Date().toISOString())
    await storage.setAreaConfig('130602', { deadlines: { resolveDaysPublic: 2 } }, new Date().toISOString())
    try {
      const out = path.join(dir, 'cli-area-board.pdf')
      const r = run(cli, ['scripts/stickers.ts', '--all', '--layout', 'board', '--out', out, '--base-url', HTTPS_BASE], env())
      expect(r.status).toBe(0)
      const pdf = readFileSync(out)
      const texts = sites.map((_, i) => pageText(pdf, 'cli-area-board', i + 1).replace(/\s/g, ''))
      const pageOf = (name: string) => texts.find((t) => t.includes(name.replace(/\s/g, '')))!
      expect(pageOf('竞秀区保障性住房三期工程')).toContain('政府投资和国有企业项目2日内办结')
      expect(pageOf('莲池区万和商业广场')).toContain('收到投诉后1个工作日内受理，20日内办结')
      expect(pageOf('莲池区东二环道路改造工程')).toContain('政府投资和国有企业项目3日内办结')
    } finally {
      await storage.setAreaConfig('130606', {}, new Date().toISOString())
      await storage.setAreaConfig('130602', {}, new Date().toISOString())
      storage.close()
    }
  })

  test('a link prefix that is not https (or http to this machine) is refused before anything is written', () => {
    for (const bad of [
      'javascript:alert(1)//',
      'http://evil.example.com',
      'ftp://xam.example.gov.cn',
      'https://user:pw@xam.example.gov.cn',
    ]) {
      const out = path.join(dir, 'cli-bad.pdf')
      const r = run(cli, ['scripts/stickers.ts', '--all', '--layout', 'helmet', '--out', out, '--base-url', bad], env())
      expect(r.status).toBe(2)
      expect(r.stderr).toMatch(/--base-url：.*公开网址/)
      expect(readdirSync(dir)).not.toContain('cli-bad.pdf')
    }
    // The same holds for the deployment's environment variable.
    const r = run(cli, ['scripts/stickers.ts', '--all', '--layout', 'helmet', '--out', path.join(dir, 'cli-bad.pdf')], {
      ...env(),
      PUBLIC_BASE_URL: 'http://evil.example.com',
    })
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/https/)
  })

  test('wrong use is explained', () => {
    expect(run(cli, ['scripts/stickers.ts', '--all'], env())).toMatchObject({ status: 2, stderr: expect.stringContaining('--layout') })
    expect(run(cli, ['scripts/stickers.ts', '--layout', 'helmet'], env())).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('--all'),
    })
    const typo = run(cli, ['scripts/stickers.ts', '--site', 'ABCDEFG', '--layout', 'board'], env())
    expect(typo.status).toBe(1)
    expect(typo.stderr).toMatch(/项目码/)
  })
})
