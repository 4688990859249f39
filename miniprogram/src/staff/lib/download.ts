// Saving an exported file: a download in the browser, a document or a chat file in WeChat.
import Taro from '@tarojs/taro'
import type { LedgerFile } from './types'

function saveInBrowser(f: LedgerFile): void {
  const bin = window.atob(f.base64)
  const bytes = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i)
  const url = URL.createObjectURL(new Blob([bytes], { type: f.mime }))
  const a = document.createElement('a')
  a.href = url
  a.download = f.filename
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  document.body.removeChild(a)
  setTimeout(() => URL.revokeObjectURL(url), 10000)
}

function writeInWeChat(path: string, base64: string): Promise<void> {
  return new Promise((resolve, reject) => {
    Taro.getFileSystemManager().writeFile({
      filePath: path,
      data: base64,
      encoding: 'base64',
      success: () => resolve(),
      fail: (e) => reject(e),
    })
  })
}

/**
 * Saves the file and opens it where the platform allows. Resolves to a line for the user.
 * WeChat opens XLSX in its document viewer (with 转发/用其他应用打开); a CSV is sent to a chat instead.
 */
export async function saveFile(f: LedgerFile): Promise<string> {
  if (process.env.TARO_ENV === 'h5') {
    saveInBrowser(f)
    return '已下载：' + f.filename
  }
  const ext = f.filename.slice(f.filename.lastIndexOf('.') + 1).toLowerCase()
  // Plain ASCII names in the sandbox; the Chinese name is kept for sharing.
  const path = `${Taro.env.USER_DATA_PATH}/ledger-${Date.now()}.${ext}`
  await writeInWeChat(path, f.base64)
  if (ext === 'xlsx') {
    await Taro.openDocument({ filePath: path, fileType: 'xlsx', showMenu: true })
    return '已打开，点右上角可转发或用其他应用打开'
  }
  await Taro.shareFileMessage({ filePath: path, fileName: f.filename })
  return '已发送到聊天'
}
