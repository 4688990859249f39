// The place a worker picks on the complaint form, province → city → county. The choices themselves are
// loaded as the worker picks (areaChoices.ts): the pages carry no area tree.

export interface AreaOption {
  code: string
  name: string
}

/** The picked place, one level at a time. */
export interface AreaPick {
  province: string
  city: string
  /** The county's code; for a city without counties (东莞 …) the city's own code, which is then the area. */
  district: string
}

export const EMPTY_PICK: AreaPick = { province: '', city: '', district: '' }

/** The six-digit code to send, or '' while the pick is incomplete. */
export function pickedAreaCode(pick: AreaPick): string {
  return pick.province && pick.city ? pick.district : ''
}
