// Links to evidence photos. Photos are stored by id (`cloud://…` in CloudBase storage, `local:<name>` on
// the local server); clients get a link only inside a case view, after the access check, so cloud
// storage can stay readable by the uploader alone (README, "Cloud storage").
import type { FileLinks } from './ports'

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
    private readonly maxAgeSeconds = 2 * 3600,
  ) {}

  async links(fileIds: string[]): Promise<string[]> {
    const cloud = [...new Set(fileIds.filter((id) => id.startsWith('cloud://')))]
    const found = new Map<string, string>()
    for (let i = 0; i < cloud.length; i += PER_CALL) {
      const chunk = cloud.slice(i, i + PER_CALL)
      const res = await this.api.getTempFileURL({ fileList: chunk.map((fileID) => ({ fileID, maxAge: this.maxAgeSeconds })) })
      for (const f of res.fileList ?? []) if (f.tempFileURL && (!f.code || f.code === 'SUCCESS')) found.set(f.fileID, f.tempFileURL)
    }
    return fileIds.map((id) => found.get(id) ?? '')
  }
}

/** The local server's uploads: `local:<name>` is served at `/files/<name>`. */
export const localFileLinks: FileLinks = {
  async links(fileIds) {
    return fileIds.map((id) => (/^local:[0-9a-f]{32}\.(jpg|png|webp)$/.test(id) ? `/files/${id.slice(6)}` : ''))
  },
}
