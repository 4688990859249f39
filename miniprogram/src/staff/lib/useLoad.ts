import { useEffect, useRef } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { errorMessage } from '../../api'

/**
 * A page's loading: `fetch` fills the page's state; a failure becomes the page's error message and a
 * success clears it. Returns the loader, to call again after a change.
 */
function useLoader(fetch: () => Promise<void>, setError: (message: string) => void): () => Promise<void> {
  const latest = useRef(fetch)
  latest.current = fetch
  const load = useRef(async () => {
    try {
      await latest.current()
      setError('')
    } catch (e) {
      setError(errorMessage(e))
    }
  })
  return load.current
}

/** Loads once when the page opens. */
export function useLoadOnOpen(fetch: () => Promise<void>, setError: (message: string) => void): () => Promise<void> {
  const load = useLoader(fetch, setError)
  useEffect(() => {
    load()
  }, [load])
  return load
}

/** Loads each time the page is shown, and on pull-down (lists that change while the official is away). */
export function useLoadOnShow(fetch: () => Promise<void>, setError: (message: string) => void): () => Promise<void> {
  const load = useLoader(fetch, setError)
  useDidShow(() => {
    load()
  })
  usePullDownRefresh(() => {
    load().finally(() => Taro.stopPullDownRefresh())
  })
  return load
}
