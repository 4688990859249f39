// Evidence photos are owned: every upload is recorded with its uploader, a case takes only the caller's
// own uploads, and links are made only for recorded photos of a case the caller may see (views.ts).
//
// Where an upload is recorded:
// - Locally the server stores the file under a random name and records it with the caller of its token
//   (`local:<name>`, scripts/server.ts `/upload`); nobody registers a local id through an action.
// - On CloudBase the mini-program uploads straight to storage (wx.cloud.uploadFile) under
//   `evidence/<folder>/<random>.<ext>`, the folder being the caller's own (`uploadFolder`, handed out by
//   `app.settings`), then records it with `upload.register { fileId }`. What the function verifies: the
//   id is a file of this environment's storage (`cloud://<env>.…`, when the runtime names its env), under
//   the evidence folder of the caller (derived from their OPENID, so nobody records a file in someone
//   else's folder), and the file is there (getTempFileURL answers SUCCESS for it). What it cannot: who
//   wrote the bytes. node-sdk gives no uploader (getFileInfo has none; getFileAuthority answers for the
//   process's context, not reliably the caller). It does not need to: a file in A's folder can only be
//   recorded, and so attached, by A; 仅创建者可读写 keeps anyone else from reading or overwriting it.
import { createHash } from 'node:crypto'
import type { Ctx } from './context'
import { validation } from './errors'

export const EVIDENCE_DIR = 'evidence'

/** The caller's own folder in cloud storage: `evidence/<24 hex of a hash of the OPENID>`. */
export function uploadFolder(openid: string): string {
  return `${EVIDENCE_DIR}/${createHash('sha256').update(`evidence:${openid}`).digest('hex').slice(0, 24)}`
}

/** `cloud://<env>.<bucket>/evidence/<folder>/<name>.<ext>`: the env and the folder. */
const CLOUD_ID = /^cloud:\/\/([A-Za-z0-9_-]{1,64})\.[A-Za-z0-9_-]{1,100}\/evidence\/([0-9a-f]{24})\/[A-Za-z0-9_-]{6,64}\.(jpg|png|webp)$/
/** The local server's uploads (scripts/uploads.ts names them). */
const LOCAL_ID = /^local:[0-9a-f]{32}\.(jpg|png|webp)$/

/** A photo id of the evidence store: a cloud file under an evidence folder, or a local upload. */
export function isEvidenceId(fileId: string): boolean {
  return CLOUD_ID.test(fileId) || LOCAL_ID.test(fileId)
}

/** Why a cloud file id cannot be recorded for this caller ('' when it can). */
function cloudIdProblem(fileId: string, openid: string): string {
  const m = CLOUD_ID.exec(fileId)
  if (!m) return '照片地址不对，请重新上传'
  if (`${EVIDENCE_DIR}/${m[2]}` !== uploadFolder(openid)) return '这张照片不是您上传的，请重新上传'
  return ''
}

/** `upload.register`: record a file the caller just put in cloud storage as theirs. */
export async function registerUpload(ctx: Ctx, fileId: string): Promise<{ fileId: string }> {
  const problem = cloudIdProblem(fileId, ctx.openid)
  if (problem) throw validation({ fileId: problem })
  // There, and in this environment's storage: the file port answers (fileLinks.ts).
  if (!ctx.files?.exists || !(await ctx.files.exists(fileId))) throw validation({ fileId: '没有找到这张照片，请重新上传' })
  if (!(await ctx.storage.putUpload({ fileId, uploader: ctx.openid, createdAt: ctx.now.toISOString() }))) {
    throw validation({ fileId: '这张照片不是您上传的，请重新上传' })
  }
  return { fileId }
}

/**
 * Photos a caller attaches to a case (submit, supplement, filing at the desk): each must be an upload
 * recorded as theirs. Otherwise VALIDATION on `field`, naming which photo; nothing is written.
 */
export async function checkOwnPhotos(ctx: Ctx, photos: readonly string[] | undefined, field = 'photos'): Promise<void> {
  if (!photos?.length) return
  const mine = new Map((await ctx.storage.getUploads([...photos])).map((u) => [u.fileId, u.uploader]))
  photos.forEach((id, i) => {
    const uploader = isEvidenceId(id) ? mine.get(id) : undefined
    const which = photos.length > 1 ? `第${i + 1}张照片` : '照片'
    if (uploader === undefined) throw validation({ [field]: `${which}没有上传成功，请删掉后重新上传` })
    if (uploader !== ctx.openid) throw validation({ [field]: `${which}不是您上传的，请删掉后重新上传` })
  })
}

/** Of a case's photos, those that may get a link: recorded uploads (attached by their uploader). */
export async function linkablePhotos(ctx: Pick<Ctx, 'storage'>, photos: readonly string[]): Promise<Set<string>> {
  if (!photos.length) return new Set()
  return new Set((await ctx.storage.getUploads([...photos])).map((u) => u.fileId))
}
