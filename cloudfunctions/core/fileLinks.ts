// Links to evidence photos. Photos are stored by id (`cloud://…` in CloudBase storage, `local:<name>` on
// the local server); clients get a link only inside a case view, after the access check, and only for
// recorded uploads (photos.ts), so cloud storage can stay readable by the uploader alone (README,
// "Cloud storage"). Links are short-lived: a temporary URL in CloudBase, a signed one locally.
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Clock, FileLinks } from './ports'
import { isEvidenceId } from './photos'

/** How long a photo link works. */
export const PHOTO_LINK_SECONDS = 30 * 60

/** What CloudBase's node-sdk app offers for this (app.getTempFileURL). */
export interface TempUrlApi {
  getTempFileURL(options: { fileList: { fileID: string; maxAge: number }[] }): Promise<{
    fileList?: { fileID: string; tempFileURL?: string; code?: string }[]
  }>
}

/** CloudBase takes at most this many files per getTempFileURL call. */
const PER_CALL = 50

/** Temporary https links from CloudBase storage, valid for `maxAgeSeconds`; '' for ids it does not know. */
export class CloudFileLinks implements FileLinks {
  constructor(
    private readonly api: TempUrlApi,
    private readonly maxAgeSeconds = PHOTO_LINK_SECONDS,
  ) {}

  async links(fileIds: string[]): Promise<string[]> {
    const cloud = [...new Set(fileIds.filter((id) => id.startsWith('cloud://') && isEvidenceId(id)))]
    const found = new Map<string, string>()
    for (let i = 0; i < cloud.length; i += PER_CALL) {
      const chunk = cloud.slice(i, i + PER_CALL)
      const res = await this.api.getTempFileURL({ fileList: chunk.map((fileID) => ({ fileID, maxAge: this.maxAgeSeconds })) })
      for (const f of res.fileList ?? []) if (f.tempFileURL && (!f.code || f.code === 'SUCCESS')) found.set(f.fileID, f.tempFileURL)
    }
    return fileIds.map((id) => found.get(id) ?? '')
  }

  /** The storage knows the file (a file of another environment, or never uploaded, it does not). */
  async exists(fileId: string): Promise<boolean> {
    const res = await this.api.getTempFileURL({ fileList: [{ fileID: fileId, maxAge: 60 }] })
    const f = (res.fileList ?? []).find((x) => x.fileID === fileId)
    return !!f && !!f.tempFileURL && (!f.code || f.code === 'SUCCESS')
  }
}

const LOCAL_ID = /^local:([0-9a-f]{32}\.(jpg|png|webp))$/

/**
 * The local server's uploads: `local:<name>` is served at `/files/<name>?e=<expiry>&s=<signature>`, and
 * only with a valid signature that has not expired (scripts/server.ts checks it with `verify`).
 */
export class LocalFileLinks implements FileLinks {
  constructor(
    /** A server secret: only this server makes links it accepts. */
    private readonly key: string,
    private readonly clock: Clock,
    private readonly maxAgeSeconds = PHOTO_LINK_SECONDS,
  ) {}

  private sign(name: string, expires: number): string {
    return createHmac('sha256', this.key).update(`files\n${name}\n${expires}`).digest('base64url')
  }

  /** A signed link to one stored file, by its name. */
  url(name: string): string {
    const expires = Math.floor(this.clock.now().getTime() / 1000) + this.maxAgeSeconds
    return `/files/${name}?e=${expires}&s=${this.sign(name, expires)}`
  }

  async links(fileIds: string[]): Promise<string[]> {
    return fileIds.map((id) => {
      const m = LOCAL_ID.exec(id)
      return m ? this.url(m[1]) : ''
    })
  }

  /** Whether a request for `name` carries this server's signature, not yet expired. */
  verify(name: string, expires: string | null, signature: string | null): 'ok' | 'expired' | 'bad' {
    if (!expires || !signature || !/^\d{1,12}$/.test(expires)) return 'bad'
    const want = Buffer.from(this.sign(name, Number(expires)))
    const got = Buffer.from(signature)
    if (want.length !== got.length || !timingSafeEqual(want, got)) return 'bad'
    return Number(expires) * 1000 < this.clock.now().getTime() ? 'expired' : 'ok'
  }
}
