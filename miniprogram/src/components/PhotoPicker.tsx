import { useEffect, useRef, useState, type Dispatch, type SetStateAction } from 'react'
import Taro from '@tarojs/taro'
import { Image, View } from '@tarojs/components'
import { errorMessage, isApiCallError } from '../api'
import { photoUrl, uploadPhoto, type PickedPhoto } from '../api/upload'
import { signInNeeded } from '../api/session'
import { sleep } from '../utils/network'
import { previewPhotos } from '../utils/preview'

/**
 * One photo on the form: uploading, uploaded (has a file id) or failed (tap to try again); 'waiting' in a
 * browser that has not signed in yet: it goes up once the worker has (uploadWaiting, at the submit).
 */
export interface PhotoItem {
  key: string
  fileId: string
  /** What the thumbnail shows: the local file while this page is open, the stored one after. */
  url: string
  status: 'uploading' | 'done' | 'failed' | 'waiting'
  error?: string
  local?: PickedPhoto
}

/** Rebuilds items from stored file ids (a restored draft). */
export function photosFromIds(ids: string[]): PhotoItem[] {
  return ids.map((fileId, i) => ({ key: 'saved-' + i + '-' + fileId, fileId, url: photoUrl(fileId), status: 'done' }))
}

export function uploadedIds(items: PhotoItem[]): string[] {
  return items.filter((p) => p.status === 'done' && p.fileId).map((p) => p.fileId)
}

/** '' when every photo is uploaded, otherwise what the worker should know before sending. */
export function photosNotReady(items: PhotoItem[]): string {
  if (items.some((p) => p.status === 'uploading')) return '照片还在上传，请等一下再提交'
  if (items.some((p) => p.status === 'failed')) return '有照片没传上去：点一下照片重新上传，或者点 × 删掉'
  return ''
}

/**
 * Uploads the photos that waited for the sign-in, one by one, showing each one's state; resolves to the
 * list as it ends up (every one done, or some failed, which the worker retries by a tap).
 */
export async function uploadWaiting(
  items: PhotoItem[],
  maxBytes: number,
  onChange: Dispatch<SetStateAction<PhotoItem[]>>,
): Promise<PhotoItem[]> {
  let list = items
  const set = (key: string, patch: Partial<PhotoItem>) => {
    list = list.map((p) => (p.key === key ? { ...p, ...patch } : p))
    onChange((cur) => cur.map((p) => (p.key === key ? { ...p, ...patch } : p)))
  }
  for (const item of items) {
    if (item.status !== 'waiting' || !item.local) continue
    set(item.key, { status: 'uploading', error: '' })
    try {
      const res = await uploadPhoto(item.local, maxBytes)
      set(item.key, { status: 'done', fileId: res.fileId })
    } catch (e) {
      set(item.key, { status: 'failed', error: errorMessage(e) })
    }
  }
  return list
}

interface Props {
  value: PhotoItem[]
  onChange: Dispatch<SetStateAction<PhotoItem[]>>
  max: number
  maxBytes: number
  /** Shown under the photos (e.g. the server's message for `photos`). */
  error?: string
}

let seq = 0
const NOT_AN_IMAGE = '选的文件不是照片，没有加上。请选照片（JPG、PNG）'
const UPLOAD_RETRY_DELAYS_MS = [1500, 4000]

/** The browser's chooser is a chunk of its own (utils/chooseImage.ts): not on the way to a usable form. */
const loadChooser: (() => Promise<typeof import('../utils/chooseImage')>) | null =
  process.env.TARO_ENV === 'h5' ? () => import(/* webpackChunkName: "choose" */ '../utils/chooseImage') : null

// The condition must stay a constant of the build: then the other platform's branch is dropped, with the
// Taro API it names (chooseMedia brings the chooser into the page's chunk in a browser).
const pick: (count: number) => Promise<PickedPhoto[]> =
  process.env.TARO_ENV === 'h5'
    ? (count) => import(/* webpackChunkName: "choose" */ '../utils/chooseImage').then((m) => m.choosePhotos(count))
    : async (count) => {
        const res = await Taro.chooseMedia({ count, mediaType: ['image'], sizeType: ['compressed'], sourceType: ['album', 'camera'] })
        return (res.tempFiles || []).map((f) => ({ path: f.tempFilePath, size: f.size }))
      }

/** Up to `max` photos: take or choose, each uploaded at once, thumbnails with remove. */
export function PhotoPicker({ value, onChange, max, maxBytes, error }: Props) {
  const alive = useRef(true)
  // In a browser, fetch the chooser once the form has come (a file dialog must open within the tap's moment).
  useEffect(() => {
    if (!loadChooser) return
    const load = loadChooser
    const t = setTimeout(() => load().catch(() => undefined), 3000)
    return () => clearTimeout(t)
  }, [])
  useEffect(
    () => () => {
      alive.current = false
    },
    [],
  )

  const [notice, setNotice] = useState('')

  const update = (key: string, patch: Partial<PhotoItem>) => {
    if (!alive.current) return
    onChange((list) => list.map((p) => (p.key === key ? { ...p, ...patch } : p)))
  }

  const upload = async (key: string, local: PickedPhoto) => {
    update(key, { status: 'uploading', error: '' })
    for (let i = 0; ; i++) {
      try {
        const res = await uploadPhoto(local, maxBytes)
        update(key, { status: 'done', fileId: res.fileId })
        return
      } catch (e) {
        const retryable = !isApiCallError(e) || e.code === 'NETWORK' || e.code === 'INTERNAL'
        if (!retryable || i >= UPLOAD_RETRY_DELAYS_MS.length || !alive.current) {
          update(key, { status: 'failed', error: errorMessage(e) })
          return
        }
        await sleep(UPLOAD_RETRY_DELAYS_MS[i] || 2000)
      }
    }
  }

  const add = async () => {
    const room = max - value.length
    if (room <= 0) return
    let picked: PickedPhoto[]
    try {
      picked = await pick(room)
    } catch {
      return // cancelled
    }
    // A browser drops a chosen file that is no image without a word (Taro's chooseImage): say so.
    const images = picked.filter((p) => !p.type || p.type.indexOf('image/') === 0)
    setNotice(images.length < picked.length || picked.length === 0 ? NOT_AN_IMAGE : '')
    picked = images
    // A browser not signed in yet keeps the photos here until the submit: uploads are the uploader's.
    let later = false
    try {
      later = await signInNeeded()
    } catch {
      // Cannot ask now: try to upload, which fails as any network failure (tap to retry).
    }
    const items: PhotoItem[] = picked.slice(0, room).map((local) => ({
      key: 'p' + ++seq + '-' + Date.now(),
      fileId: '',
      url: local.path,
      status: later ? 'waiting' : 'uploading',
      local,
    }))
    if (!items.length) return
    onChange((list) => list.concat(items).slice(0, max))
    if (!later) for (const item of items) upload(item.key, item.local as PickedPhoto)
  }

  const remove = (key: string) => onChange((list) => list.filter((p) => p.key !== key))

  const tapPhoto = (item: PhotoItem) => {
    if (item.status === 'failed' && item.local) {
      upload(item.key, item.local)
      return
    }
    if (item.status === 'done') {
      const urls = value.filter((p) => p.status === 'done').map((p) => p.url)
      previewPhotos(item.url, urls)
    }
  }

  const failedMessage = value.filter((p) => p.status === 'failed').map((p) => p.error)[0]

  return (
    <View className="xam-photos">
      <View className="xam-photo-grid">
        {value.map((item) => (
          <View key={item.key} className={'xam-photo xam-photo-' + item.status} data-status={item.status}>
            <Image className="xam-photo-img" src={item.url} mode="aspectFill" onClick={() => tapPhoto(item)} />
            {item.status === 'uploading' ? <View className="xam-photo-state">上传中…</View> : null}
            {item.status === 'waiting' ? <View className="xam-photo-state xam-photo-state-waiting">提交时上传</View> : null}
            {item.status === 'failed' ? (
              <View className="xam-photo-state xam-photo-state-failed" onClick={() => tapPhoto(item)}>
                没传上，点这里重试
              </View>
            ) : null}
            <View className="xam-photo-remove" onClick={() => remove(item.key)}>
              ×
            </View>
          </View>
        ))}
        {value.length < max ? (
          <View className="xam-photo xam-photo-add" onClick={add}>
            <View className="xam-photo-add-plus">+</View>
            <View className="xam-photo-add-text">拍照或选照片</View>
          </View>
        ) : null}
      </View>
      <View className="xam-muted xam-photo-hint">
        {value.length < max ? `工资条、欠条、聊天记录、考勤都可以，最多${max}张` : `已经${max}张了，不能再加`}
      </View>
      {notice ? <View className="xam-field-error xam-photo-notice">{notice}</View> : null}
      {failedMessage ? <View className="xam-field-error xam-photo-error">{failedMessage}</View> : null}
      {error ? (
        <View className="xam-field-error" data-field="photos">
          {error}
        </View>
      ) : null}
    </View>
  )
}
