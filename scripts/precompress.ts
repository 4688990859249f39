// Brotli copies of the h5 build's text files, written beside them (`npm run build:h5` runs this after
// Taro). On a weak signal the bytes are most of the wait: at quality 11 Brotli sends about 15% fewer bytes
// than gzip -9 for our scripts (168 KB → 144 KB on the sticker page's path). It is too slow to make per
// request (about 0.7 s for the app script), so it is made once here; the server sends a copy only while it
// is at least as new as its file, and gzip (made on demand) otherwise or to a browser without Brotli.
import { readdirSync, readFileSync, renameSync, statSync, writeFileSync, type Stats } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, constants } from 'node:zlib'

/** Text files the server compresses. */
export const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.txt'])

/** Below this a file gains too little to keep a copy. */
const MIN_BYTES = 1024

const BROTLI = '.br'

const compress = promisify(brotliCompress)

/** The Brotli copy of `file` (whose stat is `st`) when there is one at least as new as the file. */
export function freshBrotli(file: string, st: Stats): string | null {
  try {
    return statSync(file + BROTLI).mtimeMs >= st.mtimeMs ? file + BROTLI : null
  } catch {
    return null
  }
}

function textFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) return textFiles(p)
    return e.isFile() && COMPRESSIBLE.has(path.extname(p)) ? [p] : []
  })
}

/** Writes a fresh `<file>.br` beside every compressible file of `dir` (the copies in parallel, off this thread). */
export async function precompress(dir: string): Promise<{ files: number; bytes: number; brotliBytes: number }> {
  const todo = textFiles(dir).filter((f) => {
    const st = statSync(f)
    return st.size >= MIN_BYTES && !freshBrotli(f, st)
  })
  const sizes = await Promise.all(
    todo.map(async (f) => {
      const body = readFileSync(f)
      const out = await compress(body, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
      })
      // Written whole or not at all: a server never sends half a copy.
      writeFileSync(f + BROTLI + '.tmp', out)
      renameSync(f + BROTLI + '.tmp', f + BROTLI)
      return [body.length, out.length]
    }),
  )
  return { files: todo.length, bytes: sizes.reduce((s, x) => s + x[0], 0), brotliBytes: sizes.reduce((s, x) => s + x[1], 0) }
}

if (require.main === module) {
  const dir = path.resolve(process.argv[2] ?? path.join(__dirname, '../miniprogram/dist/h5'))
  precompress(dir).then(
    (r) => console.log(`[precompress] ${r.files} files, ${r.bytes} bytes → ${r.brotliBytes} with Brotli (${dir})`),
    (e) => {
      console.error(e)
      process.exit(1)
    },
  )
}
