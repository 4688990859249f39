// What the server tells the app before the worker starts (`worker app.settings`), fetched once.
import { callApi } from './index'
import { bootData } from '../utils/boot'

export interface AppSettings {
  /** Message templates to ask permission for after a submit (WeChat only); empty: do not ask. */
  subscribeTemplates: string[]
  maxPhotos: number
  maxPhotoBytes: number
  /** This user's folder in cloud storage (`evidence/<folder>`); '' until known. */
  uploadDir: string
  /** The complaint form offers WeChat's phone button (the deployment may use it). */
  phoneButton?: boolean
}

export const DEFAULT_SETTINGS: AppSettings = { subscribeTemplates: [], maxPhotos: 6, maxPhotoBytes: 5000000, uploadDir: '' }

let pending: Promise<AppSettings> | null = null
let known: AppSettings | null = null

/**
 * The settings; the defaults when they cannot be fetched (asked again next time). A page that came with
 * them (a sticker link in a browser, utils/boot.ts) asks nothing: a browser uploads through the server,
 * with no cloud folder.
 */
export function loadSettings(): Promise<AppSettings> {
  if (!pending) {
    const boot = bootData()
    pending = (boot && boot.settings ? Promise.resolve({ ...boot.settings, uploadDir: '' }) : callApi('worker', 'app.settings', {}))
      .then((s) => {
        known = {
          subscribeTemplates: Array.isArray(s.subscribeTemplates) ? s.subscribeTemplates.filter((t) => !!t).slice(0, 3) : [], // WeChat takes at most 3 per request
          maxPhotos: typeof s.maxPhotos === 'number' ? s.maxPhotos : DEFAULT_SETTINGS.maxPhotos,
          maxPhotoBytes: typeof s.maxPhotoBytes === 'number' ? s.maxPhotoBytes : DEFAULT_SETTINGS.maxPhotoBytes,
          uploadDir: typeof s.uploadDir === 'string' ? s.uploadDir : '',
          phoneButton: (s as { phoneButton?: unknown }).phoneButton === true,
        }
        return known
      })
      .catch(() => {
        pending = null
        return DEFAULT_SETTINGS
      })
  }
  return pending
}

/** The settings if already fetched (a tap handler must not wait: WeChat needs the gesture). */
export function settingsNow(): AppSettings | null {
  return known
}
