import Taro from '@tarojs/taro'

export const TAB_PAGES = ['/pages/index/index', '/pages/mine/index']

/** navigateTo, or switchTab for tab pages (navigateTo cannot open those). */
export function go(url: string): void {
  const path = url.split('?')[0]
  if (TAB_PAGES.indexOf(path) >= 0) {
    Taro.switchTab({ url: path })
    return
  }
  Taro.navigateTo({ url }).catch(() => {
    // The page stack is full (10 pages): replace the current page instead.
    Taro.redirectTo({ url })
  })
}

export function goHome(): void {
  Taro.switchTab({ url: '/pages/index/index' })
}

/** Reads a page parameter as a decoded string. */
export function param(params: Record<string, string | undefined>, name: string): string {
  const v = params[name]
  if (!v) return ''
  try {
    return decodeURIComponent(v)
  } catch {
    return v
  }
}
