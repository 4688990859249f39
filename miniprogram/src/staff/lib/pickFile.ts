// Picking a spreadsheet to upload: a file input in the browser, a chat file in WeChat.
import Taro from '@tarojs/taro'

export interface PickedFile {
  filename: string
  base64: string
}

function pickInBrowser(accept: string): Promise<PickedFile | null> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = accept
    input.style.display = 'none'
    input.onchange = () => {
      const file = input.files && input.files[0]
      document.body.removeChild(input)
      if (!file) return resolve(null)
      const reader = new FileReader()
      reader.onload = () => resolve({ filename: file.name, base64: String(reader.result).replace(/^data:[^,]*,/, '') })
      reader.onerror = () => reject(new Error('read failed'))
      reader.readAsDataURL(file)
    }
    document.body.appendChild(input)
    input.click()
  })
}

function readInWeChat(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    Taro.getFileSystemManager().readFile({
      filePath: path,
      encoding: 'base64',
      success: (r) => resolve(String(r.data)),
      fail: (e) => reject(e),
    })
  })
}

/** A CSV or XLSX file from the user, as base64; null when they cancelled. */
export async function pickSheet(): Promise<PickedFile | null> {
  if (process.env.TARO_ENV === 'h5')
    return pickInBrowser('.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  try {
    const r = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['csv', 'xlsx'] })
    const f = r.tempFiles[0]
    if (!f) return null
    return { filename: f.name, base64: await readInWeChat(f.path) }
  } catch (e) {
    // Cancelled in the chat picker.
    if (e && typeof e === 'object' && 'errMsg' in e && String((e as { errMsg: string }).errMsg).indexOf('cancel') >= 0) return null
    throw e
  }
}
