// Local file storage for evidence photos: what CloudBase storage is in production (the mini-program
// uploads there directly with wx.cloud.uploadFile). Checks type by content, not by name, and size. The
// server records each upload with its uploader and serves it only by a signed, short-lived link.
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const SIGNATURES: { ext: string; mime: string; test: (b: Buffer) => boolean }[] = [
  { ext: 'jpg', mime: 'image/jpeg', test: (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    ext: 'png',
    mime: 'image/png',
    test: (b) => b.length > 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  {
    ext: 'webp',
    mime: 'image/webp',
    test: (b) => b.length > 12 && b.toString('ascii', 0, 4) === 'RIFF' && b.toString('ascii', 8, 12) === 'WEBP',
  },
]

export const MIME_OF: Record<string, string> = Object.fromEntries(SIGNATURES.map((s) => [s.ext, s.mime]))

/** A stored upload: its id (`local:<name>`) and its name under the uploads folder. */
export type UploadResult = { ok: true; fileId: string; name: string } | { ok: false; message: string }

export function saveUpload(dir: string, body: Buffer, maxBytes: number): UploadResult {
  if (body.length === 0) return { ok: false, message: '没有收到照片，请重新选择' }
  if (body.length > maxBytes) return { ok: false, message: `照片太大了，请选${Math.floor(maxBytes / 1_000_000)}MB以内的` }
  const kind = SIGNATURES.find((s) => s.test(body))
  if (!kind) return { ok: false, message: '只能上传照片（JPG、PNG、WEBP）' }
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true })
  const name = `${randomBytes(16).toString('hex')}.${kind.ext}`
  writeFileSync(path.join(dir, name), body)
  return { ok: true, fileId: `local:${name}`, name }
}

/** A stored file's path, or null for names that are not ours. */
export function uploadPath(dir: string, name: string): string | null {
  return /^[0-9a-f]{32}\.(jpg|png|webp)$/.test(name) ? path.join(dir, name) : null
}
