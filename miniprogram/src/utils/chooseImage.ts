// The browser's photo chooser (Taro's chooseImage, with its action sheet: about 40 KB), in a chunk of its
// own: PhotoPicker loads it at the first tap on "拍照或选照片", or a few seconds after the form shows.
import Taro from '@tarojs/taro'
import type { PickedPhoto } from '../api/upload'

export async function choosePhotos(count: number): Promise<PickedPhoto[]> {
  const res = await Taro.chooseImage({ count, sizeType: ['compressed'], sourceType: ['album', 'camera'] })
  return (res.tempFiles || []).map((f) => {
    const extra = f as { originalFileObj?: Blob; type?: string }
    return { path: f.path, size: f.size, type: extra.type, file: extra.originalFileObj }
  })
}
