// Saving an exported file: a download in the browser, a document or a chat file in WeChat. A large
// file comes in parts (base64 each, joined in order: a ledger built in pages).
import Taro from '@tarojs/taro'
import type { LedgerFile } from './types'

/** A file as the server hands it out: its name, type and its bytes in one or more base64 parts. */
export interface FileParts {
  filename: string
  mime: string
  parts: string[]
}

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const bin = window.atob(base64)
  const bytes = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i)
  return bytes
}

function saveInBrowser(f: FileParts): void {
  const url = URL.createObjectURL(new Blob(f.parts.map(bytesOf), { type: f.mime }))
  const a = document.createElement('a')
  a.href = url
  a.download = f.filename
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  document.body.removeChild(a)
  setTimeout(() => URL.revokeObjectURL(url), 10000)
}

function writeInWeChat(path: string, base64: string, append: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const fs = Taro.getFileSystemManager()
    const o = { filePath: path, data: base64, encoding: 'base64' as const, success: () => resolve(), fail: (e: unknown) => reject(e) }
    if (append) fs.appendFile(o)
    else fs.writeFile(o)
  })
}

/**
 * Saves the file and opens it where the platform allows. Resolves to a line for the user.
 * WeChat opens XLSX and PDF (sticker sheets) in its document viewer (with 转发/用其他应用打开, 打印); a CSV is sent to a chat instead.
 */
export async function saveFileParts(f: FileParts): Promise<string> {
  if (process.env.TARO_ENV === 'h5') {
    saveInBrowser(f)
    return '已下载：' + f.filename
  }
  const ext = f.filename.slice(f.filename.lastIndexOf('.') + 1).toLowerCase()
  // Plain ASCII names in the sandbox; the Chinese name is kept for sharing.
  const path = `${Taro.env.USER_DATA_PATH}/file-${Date.now()}.${ext}`
  for (let i = 0; i < f.parts.length; i++) await writeInWeChat(path, f.parts[i], i > 0)
  if (ext === 'xlsx' || ext === 'pdf') {
    await Taro.openDocument({ filePath: path, fileType: ext, showMenu: true })
    return '已打开，点右上角可转发或用其他应用打开'
  }
  await Taro.shareFileMessage({ filePath: path, fileName: f.filename })
  return '已发送到聊天'
}

/** A file that came whole (base64). */
export function saveFile(f: LedgerFile): Promise<string> {
  return saveFileParts({ filename: f.filename, mime: f.mime, parts: [f.base64] })
}
