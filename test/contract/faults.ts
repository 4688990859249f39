// A DocDb whose transactional writes of chosen documents fail: shows that a transaction is all or
// nothing, against the fake server and against a real CloudBase environment alike (an error thrown
// inside `runTransaction` rolls the transaction back on the server).
import type { DocDb, DocRef } from '../../cloudfunctions/core/storage/docDb'

export type WritePredicate = (collection: string, id: string) => boolean

export function withFailingWrites(db: DocDb, shouldFail: WritePredicate): DocDb {
  const guard = (collection: string, id: string) => {
    if (shouldFail(collection, id)) throw Object.assign(new Error(`injected write failure: ${collection}/${id}`), { code: 'INJECTED_FAULT' })
  }
  const wrap = (collection: string, id: string, ref: DocRef): DocRef => ({
    get: () => ref.get(),
    set: async (data) => (guard(collection, id), ref.set(data)),
    update: async (data) => (guard(collection, id), ref.update(data)),
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
                add: async (data) => (guard(name, String((data as { _id?: unknown })._id)), c.add(data)),
              }
            },
          }),
        times,
      ),
  }
}
