// Transport for the WeChat build: CloudBase function calls.
import { ApiCallError, NETWORK_MESSAGE } from './errors'
import { unwrap } from './envelope'
import type { FunctionName } from './types'

interface WxCloud {
  init(options: { env: string; traceUser?: boolean }): void
  callFunction(options: { name: string; data: unknown }): Promise<{ result: unknown }>
  uploadFile(options: { cloudPath: string; filePath: string }): Promise<{ fileID: string }>
}
// Module-scoped declaration of the mini-program global (no global typings needed).
declare const wx: { cloud: WxCloud }

export function initCloud(): void {
  // Absent in old base libraries and in some test harnesses; calls then fail as NETWORK.
  if (typeof wx !== 'undefined' && wx.cloud) {
    wx.cloud.init({ env: process.env.TARO_APP_CLOUD_ENV, traceUser: true })
  }
}

export async function callCloud<T>(fn: FunctionName, action: string, data: object): Promise<T> {
  let result: unknown
  try {
    const res = await wx.cloud.callFunction({ name: fn, data: { action, data } })
    result = res.result
  } catch {
    throw new ApiCallError('NETWORK', NETWORK_MESSAGE)
  }
  return unwrap<T>(result)
}

/**
 * Uploads one photo to CloudBase storage under the user's own folder (`dir`, from app.settings); the file
 * id (cloud://…) is what the complaint keeps once the function has recorded it (upload.register).
 */
export async function uploadCloud(filePath: string, dir: string): Promise<{ fileId: string; url: string }> {
  const m = /\.(jpe?g|png|webp)$/i.exec(filePath)
  const ext = m && m[1] ? m[1].toLowerCase().replace('jpeg', 'jpg') : 'jpg'
  const name = Date.now().toString(36) + Math.random().toString(36).slice(2, 12)
  let fileID: string
  try {
    const res = await wx.cloud.uploadFile({ cloudPath: `${dir}/${name}.${ext}`, filePath })
    fileID = res.fileID
  } catch {
    throw new ApiCallError('NETWORK', NETWORK_MESSAGE)
  }
  if (!fileID) throw new ApiCallError('NETWORK', NETWORK_MESSAGE)
  return { fileId: fileID, url: fileID }
}
