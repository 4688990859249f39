// Drafts kept on the phone (Taro storage), so closing WeChat halfway through loses nothing.
import Taro from '@tarojs/taro'

const PREFIX = 'xam.draft.'
const ME_KEY = 'xam.me'
/** Drafts older than this are dropped rather than restored. */
const MAX_AGE_MS = 30 * 24 * 3600 * 1000

export function draftKey(siteCode: string): string {
  return PREFIX + (siteCode || 'nosite')
}

export function loadDraft<T>(key: string): T | null {
  try {
    const raw = Taro.getStorageSync(key) as { savedAt?: number; value?: T } | '' | null
    if (!raw || typeof raw !== 'object' || !raw.value) return null
    if (typeof raw.savedAt !== 'number' || Date.now() - raw.savedAt > MAX_AGE_MS) {
      clearDraft(key)
      return null
    }
    return raw.value
  } catch {
    return null
  }
}

export function saveDraft<T>(key: string, value: T): void {
  try {
    Taro.setStorageSync(key, { savedAt: Date.now(), value })
  } catch {
    // Storage full or unavailable: the form still works, only without a draft.
  }
}

export function clearDraft(key: string): void {
  try {
    Taro.removeStorageSync(key)
  } catch {
    // ignore
  }
}

/** Name and phone from the last complaint filed on this phone, to fill in next time. */
export interface Me {
  name: string
  phone: string
}

export function loadMe(): Me | null {
  try {
    const v = Taro.getStorageSync(ME_KEY) as Me | '' | null
    return v && typeof v === 'object' && typeof v.name === 'string' && typeof v.phone === 'string' ? v : null
  } catch {
    return null
  }
}

export function saveMe(me: Me): void {
  try {
    Taro.setStorageSync(ME_KEY, { name: me.name, phone: me.phone })
  } catch {
    // ignore
  }
}

/** Forgets the remembered name and phone (a shared phone: the next person is not someone else). */
export function forgetMe(): void {
  try {
    Taro.removeStorageSync(ME_KEY)
  } catch {
    // ignore
  }
}
