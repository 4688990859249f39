// The local server's sticker pages (`/q/<code>`): cloudfunctions/core/scanPage.ts made from the h5 build
// in `h5Dir`, its index.html and page-chunks.json re-read when a rebuild changes them.
import { existsSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { stickerPageHtml, type StickerBoot } from '../cloudfunctions/core/scanPage'

export function stickerPages(h5Dir: string) {
  const cache = new Map<string, { mtimeMs: number; text: string }>()
  const read = (name: string): string | null => {
    const file = path.join(h5Dir, name)
    if (!existsSync(file)) return null
    const st = statSync(file)
    const hit = cache.get(file)
    if (hit && hit.mtimeMs === st.mtimeMs) return hit.text
    const text = readFileSync(file, 'utf8')
    cache.set(file, { mtimeMs: st.mtimeMs, text })
    return text
  }
  return {
    /** The page for a sticker link, or null before the h5 build exists. */
    html(boot: StickerBoot | null): string | null {
      const index = read('index.html')
      return index === null ? null : stickerPageHtml(index, read('page-chunks.json'), boot)
    },
  }
}
