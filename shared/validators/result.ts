// Result of a check* validator: the normalised value, or a reason in plain
// Chinese that can be shown to the user as-is.
export type CheckResult = { ok: true; value: string } | { ok: false; reason: string }

/** Full-width ASCII (what Chinese IMEs often produce, e.g. '１３８', 'ＡＢＣ') to half-width. */
export function toHalfWidth(s: string): string {
  let out = ''
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0)
    else if (c === 0x3000) out += ' '
    else out += s.charAt(i)
  }
  return out
}
