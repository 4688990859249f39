// Whether a complaint body passes the contract before it is sent (submitCheck.ts, zod and the schemas).
// - In a browser it is a chunk of its own, fetched once the form shows: the sticker page does not wait for it.
//   Until it is in, and wherever it cannot come, the server checks with the same schema and its VALIDATION
//   reply puts the same messages on the same fields.
// - In WeChat the main package is budgeted at 500 KB and cannot load code later: the server's check serves.
import type { FieldErrors, SubmitBody } from './form'

type Check = (body: SubmitBody) => FieldErrors

const load: (() => Promise<{ submitErrors: Check }>) | null =
  process.env.TARO_ENV === 'h5' ? () => import(/* webpackChunkName: "submit-check" */ './submitCheck') : null

let check: Check | null = null

/** Starts fetching the check (a browser only); nothing waits for it. */
export function prefetchContractCheck(): void {
  if (!load || check) return
  load().then(
    (m) => {
      check = m.submitErrors
    },
    () => undefined,
  )
}

/** The contract's complaints about `body` now ({} when the check is not here: the server checks). */
export function contractErrorsNow(body: SubmitBody): FieldErrors {
  return check ? check(body) : {}
}
