// The request body checked by the contract's own schema, as the server will check it: anything the field
// checks of form.ts let through (e.g. the description with the form's notes in front) is caught before
// sending. It carries zod and the schemas (about 45 KB), so it is never on the way to a usable form:
// contractCheck.ts loads it.
import { submitSchema } from '@shared/contract/worker'
import { contractErrors } from '../../api/check'
import type { FieldErrors, SubmitBody } from './form'

export function submitErrors(body: SubmitBody): FieldErrors {
  return contractErrors(submitSchema, body)
}
