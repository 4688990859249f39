// Mobile numbers as workers paste or type them: one normalisation (shared/validators/phone.ts) for the
// complaint form, the sign-in and the server's schemas.
import { isMobile, maskMobile, normalizeMobile } from '../../shared/validators/phone'
import { mobile } from '../../shared/contract/fields'
import { safeParse } from 'zod/mini'

const ACCEPTED: [string, string][] = [
  ['13812345678', 'plain'],
  ['138 1234 5678', 'spaces as a phone shows it'],
  ['138-1234-5678', 'dashes'],
  ['138–1234—5678', 'en and em dashes'],
  ['138.1234.5678', 'dots'],
  ['(138)1234 5678', 'brackets'],
  ['+8613812345678', '+86'],
  ['+86 138-1234-5678', '+86 with spaces and dashes'],
  ['+86-138-1234-5678', '+86 and dashes'],
  ['(+86) 138 1234 5678', '+86 in brackets'],
  ['8613812345678', '86 without plus'],
  ['0086 13812345678', '0086'],
  ['００８６ １３８ １２３４ ５６７８', 'full-width digits and spaces (IME)'],
  ['１３８１２３４５６７８', 'full-width digits'],
  ['＋８６　１３８－１２３４－５６７８', 'full-width plus, ideographic space, full-width dash'],
  ['\u200b138\u00a01234\u20065678 ', 'zero-width, no-break and six-per-em spaces from a chat'],
  ['tel:+8613812345678', 'a tapped tel: link'],
  [' 13812345678\n', 'surrounding whitespace'],
]

test.each(ACCEPTED)('%j (%s) is 13812345678', (input) => {
  expect(normalizeMobile(input)).toBe('13812345678')
  expect(isMobile(input)).toBe(true)
  expect(maskMobile(input)).toBe('138****5678')
  // The server's schema takes the same forms and stores the 11 digits.
  const parsed = safeParse(mobile, input)
  expect(parsed.success && parsed.data).toBe('13812345678')
})

const REFUSED: [string, string][] = [
  ['1381234567', '10 digits'],
  ['138123456789', '12 digits'],
  ['12812345678', 'no such prefix (12)'],
  ['+1 3812345678', 'another country'],
  ['+13812345678', 'a plus without 86'],
  ['86138123456', '86 and only 9 digits left'],
  ['0312-12345678', 'a landline'],
  ['138 1234 567a', 'a letter'],
  ['', 'empty'],
]

test.each(REFUSED)('%j (%s) is refused with a message naming the phone', (input) => {
  expect(isMobile(input)).toBe(false)
  const parsed = safeParse(mobile, input)
  expect(parsed.success).toBe(false)
  if (!parsed.success) expect(parsed.error.issues[0].message).toMatch(/手机号/)
})
