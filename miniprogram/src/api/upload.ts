// Evidence photos through one storage port: CloudBase storage in WeChat, the local server's
// `/upload` endpoint in a browser. The transport is chosen at build time, like the API client.
import { ApiCallError, NETWORK_MESSAGE } from './errors'
import { uploadCloud } from './cloud'
import { localFileUrl, uploadHttp } from './http'
import { callApi } from './index'
import { loadSettings } from './settings'

/** A photo the worker picked, before upload. */
export interface PickedPhoto {
  /** Temporary path (WeChat) or blob: URL (browser), also usable as an Image src. */
  path: string
  size: number
  /** MIME type when known (browser). */
  type?: string
  /** The file itself (browser only). */
  file?: Blob
}

export interface UploadedPhoto {
  fileId: string
  url: string
}

const TYPES = ['image/jpeg', 'image/png', 'image/webp']
const TYPE_MESSAGE = '只能上传照片（JPG、PNG、WEBP）'

export function tooBigMessage(maxBytes: number): string {
  return `照片太大了，请选${Math.max(1, Math.floor(maxBytes / 1000000))}MB以内的`
}

/** A browser photo larger than this is shrunk before upload (weak signal, cheap data plans). */
const SHRINK_ABOVE_BYTES = 1000000
const SHRINK_MAX_SIDE = 1600

function shrink(file: Blob): Promise<Blob> {
  return new Promise((resolve) => {
    try {
      const url = URL.createObjectURL(file)
      const img = new Image()
      img.onload = () => {
        try {
          const scale = Math.min(1, SHRINK_MAX_SIDE / Math.max(img.width, img.height))
          const canvas = document.createElement('canvas')
          canvas.width = Math.max(1, Math.round(img.width * scale))
          canvas.height = Math.max(1, Math.round(img.height * scale))
          const ctx = canvas.getContext('2d')
          if (!ctx) return resolve(file)
          ctx.drawImage(img, 0, 0, canvas.width, canvas.height)
          canvas.toBlob((b) => resolve(b && b.size < file.size ? b : file), 'image/jpeg', 0.8)
        } catch {
          resolve(file)
        } finally {
          URL.revokeObjectURL(url)
        }
      }
      img.onerror = () => {
        URL.revokeObjectURL(url)
        resolve(file)
      }
      img.src = url
    } catch {
      resolve(file)
    }
  })
}

async function uploadH5(photo: PickedPhoto, maxBytes: number): Promise<UploadedPhoto> {
  let blob: Blob | undefined = photo.file
  if (!blob) {
    try {
      blob = await (await fetch(photo.path)).blob()
    } catch {
      throw new ApiCallError('VALIDATION', '这张照片读不出来，请换一张')
    }
  }
  if (blob.type && TYPES.indexOf(blob.type) < 0 && blob.type.indexOf('image/') !== 0) {
    throw new ApiCallError('VALIDATION', TYPE_MESSAGE)
  }
  if (blob.size > SHRINK_ABOVE_BYTES || (blob.type && TYPES.indexOf(blob.type) < 0)) blob = await shrink(blob)
  if (blob.size > maxBytes) throw new ApiCallError('VALIDATION', tooBigMessage(maxBytes))
  return uploadHttp(blob)
}

/**
 * WeChat: into the user's own folder of cloud storage, then recorded as theirs by the function (only
 * recorded uploads of the caller can go on a case).
 */
async function uploadWeapp(photo: PickedPhoto, maxBytes: number): Promise<UploadedPhoto> {
  if (photo.size > maxBytes) throw new ApiCallError('VALIDATION', tooBigMessage(maxBytes))
  if (!/\.(jpe?g|png|webp)$/i.test(photo.path)) throw new ApiCallError('VALIDATION', TYPE_MESSAGE)
  const { uploadDir } = await loadSettings()
  // Without the folder (settings not fetched) nothing can be recorded: a network failure, tried again.
  if (!uploadDir) throw new ApiCallError('NETWORK', NETWORK_MESSAGE)
  const uploaded = await uploadCloud(photo.path, uploadDir)
  await callApi('worker', 'upload.register', { fileId: uploaded.fileId })
  return uploaded
}

const transport = process.env.TARO_ENV === 'h5' ? uploadH5 : uploadWeapp

/** Uploads one photo after checking its size and type; throws ApiCallError (VALIDATION or NETWORK). */
export function uploadPhoto(photo: PickedPhoto, maxBytes: number): Promise<UploadedPhoto> {
  return transport(photo, maxBytes)
}

/** An Image src for a stored photo id: '/files/<name>' for local ids, cloud:// ids as they are. */
export function photoUrl(fileId: string): string {
  return process.env.TARO_ENV === 'h5' ? localFileUrl(fileId) : fileId
}

/** Image srcs for a case's photos: the server's link for each (short-lived in production), else the id. */
export function casePhotoUrls(c: { photos: string[]; photoLinks?: string[] }): string[] {
  return c.photos.map((id, i) => (c.photoLinks && c.photoLinks[i]) || photoUrl(id))
}
