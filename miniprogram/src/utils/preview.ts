// Full-screen photo preview. In the browser Taro's previewImage brings a swiper (about 40 KB compressed):
// it is loaded only when a photo is first tapped, never with the page. WeChat previews natively.
import Taro from '@tarojs/taro'

type Preview = (current: string, urls: string[]) => Promise<void>

export const previewPhotos: Preview =
  process.env.TARO_ENV === 'h5'
    ? (current, urls) =>
        import(/* webpackChunkName: "preview" */ './previewNow').then((m) => m.previewNow(current, urls)).catch(() => undefined)
    : (current, urls) =>
        Taro.previewImage({ current, urls }).then(
          () => undefined,
          () => undefined,
        )
