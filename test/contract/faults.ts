// A DocDb whose transactional writes of chosen documents fail: shows that a transaction is all or
// nothing, against the fake server and against a real CloudBase environment alike (an error thrown
// inside `runTransaction` rolls the transaction back on the server).
import type { DocDb, DocRef } from '../../cloudfunctions/core/storage/docDb'

/** Which transactional write fails: by collection and document id, and the data written (set, add, update). */
export type WritePredicate = (collection: string, id: string, data?: Record<string, unknown>) => boolean

/**
 * The recipients of the messages a write carries: an outbox document's, or those an event document holds
 * (the CloudBase adapter writes a change's messages inside its first event; the sender moves them out).
 */
export function messageRecipients(collection: string, data?: Record<string, unknown>): string[] {
  if (collection === 'outbox') return [String(data?.recipient)]
  if (collection === 'events' && Array.isArray(data?.outbox)) return data.outbox.map((m: { recipient?: unknown }) => String(m.recipient))
  return []
}

export function withFailingWrites(db: DocDb, shouldFail: WritePredicate): DocDb {
  const guard = (collection: string, id: string, data?: object) => {
    if (shouldFail(collection, id, data as Record<string, unknown> | undefined))
      throw Object.assign(new Error(`injected write failure: ${collection}/${id}`), { code: 'INJECTED_FAULT' })
  }
  const wrap = (collection: string, id: string, ref: DocRef): DocRef => ({
    get: () => ref.get(),
    set: async (data) => (guard(collection, id, data), ref.set(data)),
    update: async (data) => (guard(collection, id, data), ref.update(data)),
    remove: () => ref.remove(),
  })
  return {
    command: db.command,
    createCollection: (name) => db.createCollection(name),
    collection: (name) => db.collection(name),
    runTransaction: (run, times) =>
      db.runTransaction(
        (tx) =>
          run({
            collection: (name) => {
              const c = tx.collection(name)
              return {
                doc: (id) => wrap(name, id, c.doc(id)),
                add: async (data) => (guard(name, String((data as { _id?: unknown })._id), data), c.add(data)),
              }
            },
          }),
        times,
      ),
  }
}
