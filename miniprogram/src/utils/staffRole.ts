// Whether this phone belongs to an official: remembered when the work page learns the role (`staff me`),
// so the home page offers 工作台 to officials only. Workers never see staff things.
import Taro from '@tarojs/taro'

const KEY = 'xam.staffRole'

export function rememberRole(role: string): void {
  try {
    if (role && role !== 'worker') Taro.setStorageSync(KEY, role)
    else Taro.removeStorageSync(KEY)
  } catch {
    // Storage full or unavailable: the entry stays at the foot of the home page.
  }
}

/** The staff role this phone last had, or '' (a worker, or not known yet). */
export function knownStaffRole(): string {
  try {
    const v = Taro.getStorageSync(KEY)
    return typeof v === 'string' ? v : ''
  } catch {
    return ''
  }
}
