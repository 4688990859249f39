// Printable QR stickers as an A4 PDF (pdfkit), with Noto Sans SC embedded as a subset (only the glyphs
// used). Two layouts:
//   helmet: 4 × 6 small stickers per page with cut guides; each a QR, the human-typeable code, 扫码反映欠薪
//           and the project name. Each site's stickers start on a new page, so a site gets its own sheets.
//   board:  one A4 poster per site for the site board (公示牌): project, contractor, supervising
//           department, hotline, the promised answer times, a big QR and the code under it.
// QR modules are drawn as vector rectangles (crisp at any size) inside a 4-module quiet zone.
import path from 'node:path'
import PDFDocument from 'pdfkit'
import QRCode from 'qrcode'
import { areaName } from '../shared/areas'
import { defaultConfig, type Config } from '../shared/config'
import { PLACEMENT_LABELS } from '../shared/labels'
import type { Funding, Placement } from '../shared/types'
import { formatSiteCode } from '../shared/validators'

export type Layout = 'helmet' | 'board'

export interface StickerSite {
  code: string
  name: string
  address: string
  areaCode: string
  contractorName: string
  funding: Funding
  /** The supervising department's name, printed on the board. */
  deptName?: string
  /** The deadlines of the site's own area (configuration per area); default the sheet's. */
  deadlines?: Config['deadlines']
}

export interface SheetOptions {
  layout: Layout
  /** Printed into the link as ?p=; defaults to the layout (helmet, board). */
  placement?: Placement
  /** The https prefix of the links, e.g. https://xam.example.gov.cn */
  publicBaseUrl: string
  /** The hotline printed on boards; 12333 is the national human-resources and labour hotline. */
  hotline?: string
  /** The deadlines promised on boards (from the configuration). */
  deadlines?: Config['deadlines']
  /** Helmet stickers per site; default one full page. */
  copies?: number
  /** Fixed creation date (reproducible files in tests). */
  date?: Date
}

export const DEFAULT_HOTLINE = '12333'
/** Quiet zone around every QR, in modules (the QR specification asks for 4). */
export const QUIET_MODULES = 4

const MM = 72 / 25.4
export const A4 = { width: 595.28, height: 841.89 }

/** The helmet grid, in PDF points from the page's top-left corner. */
export const HELMET = (() => {
  const cols = 4
  const rows = 6
  const marginX = 10 * MM
  const marginY = 12 * MM
  const cellW = (A4.width - 2 * marginX) / cols
  const cellH = (A4.height - 2 * marginY) / rows
  const pad = 4
  const band = 17
  const qrSize = 76
  return { cols, rows, perPage: cols * rows, marginX, marginY, cellW, cellH, pad, band, qrSize }
})()

/** Where sticker `i` (0-based on its page) lies, and its QR (with quiet zone). */
export function helmetCell(i: number): { x: number; y: number; w: number; h: number; qr: { x: number; y: number; size: number } } {
  const col = i % HELMET.cols
  const row = Math.floor(i / HELMET.cols)
  const x = HELMET.marginX + col * HELMET.cellW
  const y = HELMET.marginY + row * HELMET.cellH
  const qr = { x: x + (HELMET.cellW - HELMET.qrSize) / 2, y: y + HELMET.pad + HELMET.band + 2, size: HELMET.qrSize }
  return { x, y, w: HELMET.cellW, h: HELMET.cellH, qr }
}

/** The board poster's QR (with quiet zone). */
export const BOARD = (() => {
  const margin = 15 * MM
  const qrSize = 250
  return { margin, qr: { x: (A4.width - qrSize) / 2, y: 336, size: qrSize } }
})()

export function stickerLink(publicBaseUrl: string, code: string, placement: Placement): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/q/${code}?p=${placement}`
}

/** "收到投诉后1个工作日内受理，政府投资和国有企业项目3日内办结" from the configured deadlines. */
export function promiseText(deadlines: Config['deadlines'], funding?: Funding): string {
  const accept = `收到投诉后${deadlines.acceptWorkingDays}个工作日内受理`
  if (funding === 'other') return `${accept}，${deadlines.resolveDaysDefault}日内办结`
  return `${accept}，政府投资和国有企业项目${deadlines.resolveDaysPublic}日内办结`
}

const FONT_DIR = path.dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'))
export const FONTS = {
  regular: path.join(FONT_DIR, '400Regular/NotoSansSC_400Regular.ttf'),
  bold: path.join(FONT_DIR, '700Bold/NotoSansSC_700Bold.ttf'),
}

const RED = '#C62828'
const INK = '#1A1A1A'
const GREY = '#666666'
const GUIDE = '#B0B0B0'

type Doc = PDFKit.PDFDocument

/** Dark modules as one path of horizontal runs over a white square; one fill, so no seams. */
function drawQr(doc: Doc, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const n = qr.modules.size
  const m = size / (n + 2 * QUIET_MODULES)
  doc.save()
  doc.rect(x, y, size, size).fill('#FFFFFF')
  for (let r = 0; r < n; r++) {
    let c = 0
    while (c < n) {
      if (!qr.modules.get(r, c)) {
        c++
        continue
      }
      const start = c
      while (c < n && qr.modules.get(r, c)) c++
      doc.rect(x + (QUIET_MODULES + start) * m, y + (QUIET_MODULES + r) * m, (c - start) * m, m)
    }
  }
  doc.fill('#000000')
  doc.restore()
}

/** The largest size from `size` down to `min` at which `text` fits `width`; below that, cut with "…". */
function fit(doc: Doc, font: string, text: string, size: number, min: number, width: number): { text: string; size: number } {
  doc.font(font)
  for (let s = size; s >= min; s -= 0.5) {
    if (doc.fontSize(s).widthOfString(text) <= width) return { text, size: s }
  }
  doc.fontSize(min)
  const chars = Array.from(text)
  while (chars.length > 1 && doc.widthOfString(chars.join('') + '…') > width) chars.pop()
  return { text: chars.join('') + '…', size: min }
}

function line(
  doc: Doc,
  font: string,
  text: string,
  x: number,
  y: number,
  width: number,
  o: { size: number; min?: number; color?: string; align?: 'left' | 'center' | 'right'; spacing?: number },
): void {
  const f = fit(doc, font, text, o.size, o.min ?? o.size, width)
  doc
    .font(font)
    .fontSize(f.size)
    .fillColor(o.color ?? INK)
  doc.text(f.text, x, y, { width, align: o.align ?? 'left', lineBreak: false, characterSpacing: o.spacing ?? 0 })
}

/** Text wrapped to at most `lines` lines (the last cut with "…"); returns the height used. */
function paragraph(
  doc: Doc,
  font: string,
  text: string,
  x: number,
  y: number,
  width: number,
  o: { size: number; lines: number; color?: string; align?: 'left' | 'center'; measure?: boolean },
): number {
  doc.font(font).fontSize(o.size)
  const lineH = doc.currentLineHeight(true)
  const h = Math.min(doc.heightOfString(text, { width }), lineH * o.lines)
  if (o.lines === 1) {
    if (!o.measure) line(doc, font, text, x, y, width, { size: o.size, color: o.color, align: o.align })
    return lineH
  }
  if (!o.measure)
    doc.fillColor(o.color ?? INK).text(text, x, y, { width, align: o.align ?? 'left', height: lineH * o.lines + 1, ellipsis: '…' })
  return h
}

function dashedLine(doc: Doc, x1: number, y1: number, x2: number, y2: number): void {
  doc.save().moveTo(x1, y1).lineTo(x2, y2).lineWidth(0.4).dash(3, { space: 2 }).strokeColor(GUIDE).stroke().undash().restore()
}

function cropTick(doc: Doc, x1: number, y1: number, x2: number, y2: number): void {
  doc.save().moveTo(x1, y1).lineTo(x2, y2).lineWidth(0.5).strokeColor('#000000').stroke().restore()
}

function helmetPage(doc: Doc, site: StickerSite, count: number, link: string, page: number, pages: number): void {
  const { cols, marginX, marginY, cellW, cellH, pad, band } = HELMET
  const usedRows = Math.ceil(count / cols)
  const gridW = cols * cellW
  const gridH = usedRows * cellH
  // Cut guides: dashed lines between stickers, crop ticks in the margins.
  for (let c = 0; c <= cols; c++) {
    const x = marginX + c * cellW
    dashedLine(doc, x, marginY, x, marginY + gridH)
    cropTick(doc, x, marginY - 9, x, marginY - 3)
    cropTick(doc, x, marginY + gridH + 3, x, marginY + gridH + 9)
  }
  for (let r = 0; r <= usedRows; r++) {
    const y = marginY + r * cellH
    dashedLine(doc, marginX, y, marginX + gridW, y)
    cropTick(doc, marginX - 9, y, marginX - 3, y)
    cropTick(doc, marginX + gridW + 3, y, marginX + gridW + 9, y)
  }
  const code = formatSiteCode(site.code)
  for (let i = 0; i < count; i++) {
    const cell = helmetCell(i)
    const inner = cell.w - 2 * pad
    doc
      .save()
      .roundedRect(cell.x + pad, cell.y + pad, inner, band, 3)
      .fill(RED)
      .restore()
    line(doc, 'bold', '扫码反映欠薪', cell.x + pad, cell.y + pad + 2.2, inner, { size: 10, color: '#FFFFFF', align: 'center', spacing: 1 })
    drawQr(doc, link, cell.qr.x, cell.qr.y, cell.qr.size)
    const below = cell.qr.y + cell.qr.size
    line(doc, 'bold', code, cell.x + pad, below - 3, inner, { size: 13, color: INK, align: 'center', spacing: 0.8 })
    line(doc, 'regular', site.name, cell.x + pad + 2, below + 13.5, inner - 4, { size: 7, min: 5.5, color: GREY, align: 'center' })
  }
  const footY = A4.height - marginY + 14
  line(doc, 'regular', `${site.name}　项目码 ${code}　共${count}枚，沿虚线裁切，贴在安全帽正面或侧面`, marginX, footY, gridW - 60, {
    size: 7,
    min: 6,
    color: GREY,
  })
  line(doc, 'regular', `第 ${page}/${pages} 页`, marginX + gridW - 60, footY, 60, { size: 7, color: GREY, align: 'right' })
  line(doc, 'bold', '薪安码 · 安全帽二维码贴纸', marginX, marginY - 24, gridW, { size: 8, color: GREY })
}

function boardPage(doc: Doc, site: StickerSite, link: string, o: { hotline: string; deadlines: Config['deadlines'] }): void {
  const m = BOARD.margin
  const w = A4.width - 2 * m
  // Header.
  doc.save().roundedRect(m, m, w, 96, 8).fill(RED).restore()
  line(doc, 'bold', '拖欠工资　扫码投诉', m, m + 14, w, { size: 36, color: '#FFFFFF', align: 'center', spacing: 2 })
  line(doc, 'regular', '微信扫一扫 · 一分钟提交 · 处理进度随时可查', m, m + 64, w, {
    size: 13,
    color: '#FFFFFF',
    align: 'center',
    spacing: 1,
  })

  // The project: the name on up to two lines, then the facts, placed just above the QR.
  let y = m + 110
  const one = fit(doc, 'bold', site.name, 24, 18, w)
  if (one.text === site.name) {
    line(doc, 'bold', site.name, m, y, w, { size: one.size, align: 'center' })
    y += one.size * 1.5
  } else y += paragraph(doc, 'bold', site.name, m, y, w, { size: 18, lines: 2, align: 'center' })

  const labelX = m + 40
  const labelW = 78
  const valueW = w - 80 - labelW
  const rows: [string, string, number][] = [
    ['项目地址', site.address, 2],
    ['所在地区', areaName(site.areaCode), 1],
    ['总承包单位', site.contractorName, 2],
    ['主管部门', site.deptName || '—', 1],
  ]
  const rowGap = 5
  const heightOf = (lines: number) =>
    rows.reduce(
      (h, [, v, n]) => h + paragraph(doc, 'regular', v, 0, 0, valueW, { size: 12, lines: Math.min(n, lines), measure: true }) + rowGap,
      0,
    ) + 22
  const room = BOARD.qr.y - 14 - (y + 6)
  const maxLines = heightOf(2) <= room ? 2 : 1
  y = Math.max(y + 6, BOARD.qr.y - 14 - heightOf(maxLines))
  for (const [label, value, n] of rows) {
    line(doc, 'regular', label, labelX, y + 1, labelW, { size: 11, color: GREY })
    y += paragraph(doc, 'regular', value, labelX + labelW, y, valueW, { size: 12, lines: Math.min(n, maxLines) }) + rowGap
  }
  line(doc, 'regular', '维权热线', labelX, y + 2, labelW, { size: 11, color: GREY })
  line(doc, 'bold', o.hotline, labelX + labelW, y - 2, valueW, { size: 16, color: RED, spacing: 1 })
  if (y + 24 < BOARD.qr.y - 6)
    doc
      .save()
      .moveTo(m + 30, BOARD.qr.y - 6)
      .lineTo(m + w - 30, BOARD.qr.y - 6)
      .lineWidth(0.6)
      .strokeColor('#DDDDDD')
      .stroke()
      .restore()

  // The QR and the code under it.
  const { x: qx, y: qy, size } = BOARD.qr
  drawQr(doc, link, qx, qy, size)
  const code = formatSiteCode(site.code)
  const labelWidth = doc.font('regular').fontSize(14).widthOfString('项目码')
  const codeWidth = doc.font('bold').fontSize(30).widthOfString(code, { characterSpacing: 2 })
  const startX = (A4.width - labelWidth - 8 - codeWidth) / 2
  line(doc, 'regular', '项目码', startX, qy + size + 2, labelWidth + 1, { size: 14, color: GREY })
  line(doc, 'bold', code, startX + labelWidth + 8, qy + size - 6, codeWidth + 4, { size: 30, color: INK, spacing: 2 })
  line(doc, 'regular', '扫不了码？在微信里搜索“薪安码”小程序，输入上面的项目码', m, qy + size + 36, w, {
    size: 10.5,
    color: GREY,
    align: 'center',
  })

  // The promise.
  const boxY = qy + size + 62
  doc
    .save()
    .roundedRect(m + 20, boxY, w - 40, 70, 6)
    .fillAndStroke('#FDECEA', RED)
    .restore()
  line(doc, 'bold', promiseText(o.deadlines, site.funding), m + 30, boxY + 14, w - 60, { size: 15, min: 11, color: RED, align: 'center' })
  line(doc, 'regular', '全程留痕、件件有回音；可以要求对用工单位保密您的身份', m + 30, boxY + 42, w - 60, {
    size: 11,
    color: INK,
    align: 'center',
  })

  // Three steps.
  const steps = ['微信扫一扫', '填写谁欠了多少工资', '拿到案件编号，随时查进度']
  const stepW = (w - 40) / steps.length
  const stepY = boxY + 92
  steps.forEach((text, i) => {
    const x = m + 20 + i * stepW
    doc
      .save()
      .circle(x + 12, stepY + 8, 9)
      .fill(RED)
      .restore()
    line(doc, 'bold', String(i + 1), x + 3, stepY + 0.5, 18, { size: 11, color: '#FFFFFF', align: 'center' })
    line(doc, 'regular', text, x + 26, stepY + 0.5, stepW - 30, { size: 11.5, min: 9, color: INK })
  })

  // Footer: the link, for anyone without WeChat.
  line(doc, 'regular', `也可以用手机浏览器打开：${link}`, m, A4.height - m - 12, w, { size: 8, min: 6, color: GREY, align: 'center' })
}

/** The PDF for these sites. Sites must have been validated (codes from the database). */
export function makeStickerSheet(sites: StickerSite[], opts: SheetOptions): Promise<Buffer> {
  if (sites.length === 0) return Promise.reject(new Error('没有要打印的项目'))
  const placement: Placement = opts.placement ?? opts.layout
  const copies = opts.copies ?? HELMET.perPage
  if (!Number.isInteger(copies) || copies < 1 || copies > 10_000) return Promise.reject(new Error('份数应为 1 到 10000'))
  const hotline = opts.hotline ?? DEFAULT_HOTLINE
  const deadlines = opts.deadlines ?? defaultConfig().deadlines
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    info: {
      Title: opts.layout === 'helmet' ? '薪安码 安全帽二维码贴纸' : '薪安码 公示牌二维码',
      Author: '薪安码',
      Subject: `${PLACEMENT_LABELS[placement]}二维码，${sites.length}个项目`,
      CreationDate: opts.date ?? new Date(),
    },
  })
  doc.registerFont('regular', FONTS.regular)
  doc.registerFont('bold', FONTS.bold)
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  for (const site of sites) {
    const link = stickerLink(opts.publicBaseUrl, site.code, placement)
    if (opts.layout === 'board') {
      doc.addPage()
      boardPage(doc, site, link, { hotline, deadlines: site.deadlines ?? deadlines })
      continue
    }
    const pages = Math.ceil(copies / HELMET.perPage)
    for (let p = 0; p < pages; p++) {
      doc.addPage()
      helmetPage(doc, site, Math.min(HELMET.perPage, copies - p * HELMET.perPage), link, p + 1, pages)
    }
  }
  doc.end()
  return done
}
