// Weak signal: waiting between automatic retries, and noticing when the network comes back.
import Taro from '@tarojs/taro'

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Calls `cb` when the phone gets a connection again; returns the unsubscribe function. */
export function onReconnect(cb: () => void): () => void {
  if (process.env.TARO_ENV === 'h5') {
    if (typeof window === 'undefined') return () => undefined
    window.addEventListener('online', cb)
    return () => window.removeEventListener('online', cb)
  }
  const listener = (res: { isConnected: boolean }) => {
    if (res.isConnected) cb()
  }
  try {
    Taro.onNetworkStatusChange(listener)
  } catch {
    return () => undefined
  }
  return () => {
    try {
      Taro.offNetworkStatusChange(listener)
    } catch {
      // Old base library: nothing to remove.
    }
  }
}
