// The browser's photo preview (Taro's, with its swiper), in a chunk of its own: see preview.ts.
import Taro from '@tarojs/taro'

export function previewNow(current: string, urls: string[]): Promise<void> {
  return Taro.previewImage({ current, urls }).then(
    () => undefined,
    () => undefined,
  )
}
