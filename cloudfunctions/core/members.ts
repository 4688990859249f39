// The workers of a case, each of whom may follow it: a desk filing's group (or its one complainant)
// with a claim code per worker, stored as members (ports.ts Member); any other case has its owner only.
import type { Complaint, Member, Storage } from './ports'

/** The workers of a complaint, one per claim code: the group's list, or the single complainant. */
export function workersOf<P>(c: { complainant: P; complainants: P[] }): P[] {
  return c.complainants.length ? c.complainants : [c.complainant]
}

/**
 * The workers of a desk-filed case with their claim codes ([] for others). A case filed before members
 * were stored (CloudBase keeps no migration) has its one code as member 0.
 */
export async function membersOf(
  storage: Pick<Storage, 'listMembers'>,
  c: Pick<Complaint, 'id' | 'channel' | 'claimCode' | 'ownerOpenid'>,
): Promise<Member[]> {
  if (c.channel !== 'desk') return []
  const stored = await storage.listMembers(c.id)
  if (stored.length || !c.claimCode) return stored
  return [{ complaintId: c.id, idx: 0, claimCode: c.claimCode, ownerOpenid: c.ownerOpenid, claimedAt: null }]
}

/** The positions of a case's workers claimed by any of these identities (a WeChat, the phone it proved). */
export const claimedBy = (members: readonly Member[], ownerIds: readonly string[]): number[] =>
  members.filter((m) => m.ownerOpenid !== null && ownerIds.includes(m.ownerOpenid)).map((m) => m.idx)
