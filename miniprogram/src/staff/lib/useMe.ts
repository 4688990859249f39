import { useEffect, useState } from 'react'
import { errorMessage } from '../../api'
import type { Me } from '../../api/staff'
import { getMe } from './api'

/** The signed-in official, loaded once per page. */
export function useMe(): { me: Me | null; meError: string } {
  const [me, setMe] = useState<Me | null>(null)
  const [meError, setMeError] = useState('')
  useEffect(() => {
    getMe()
      .then(setMe)
      .catch((e) => setMeError(errorMessage(e)))
  }, [])
  return { me, meError }
}
