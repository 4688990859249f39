// The slice of the CloudBase document database client that the CloudBase storage adapter uses. The
// real client (`app.database()` of @cloudbase/node-sdk, i.e. @cloudbase/database's Db) satisfies it
// (checked at compile time in cloud.ts); tests give the adapter the same client class over an
// in-memory server (test/contract/fakeCloudbase.ts), and the live contract run gives it the real one.
//
// Semantics the adapter relies on, as the real client behaves:
// - `where()` replaces the filter (it does not add to it): build one filter per query.
// - `get()` returns at most 1000 documents (100 without `limit`): callers page.
// - `doc(id).get()` answers `{ data: [doc] }` (or `[]`) outside a transaction and `{ data: doc | null }`
//   inside one; use `one()` to read either.
// - In a transaction only documents addressed by id can be read and written (`doc(id).get/set/update/
//   remove`, `add`): no `where`, no aggregate. A write that meets another writer of the same document
//   fails with a DATABASE_TRANSACTION_CONFLICT error; `runTransaction` reruns the callback a few times.
// - `add(data)` inserts one document, or an array of them in one request (in order: at the first that
//   fails, e.g. an _id already there, it stops and throws, the ones before it stay written; in a
//   transaction the whole transaction fails).
// - `set(data)` replaces the whole document (data without `_id`, without update commands); `update()`
//   merges: nested plain objects become dotted paths, so objects are written with `command.set()`.
// - Errors are thrown (node-sdk throws on every answer that carries a `code`).

export type DocData = Record<string, unknown>

/** Query and update commands (`db.command`). The values are opaque: only the client reads them. */
export interface DocCommand {
  eq(value: unknown): unknown
  neq(value: unknown): unknown
  gt(value: unknown): unknown
  gte(value: unknown): unknown
  lt(value: unknown): unknown
  lte(value: unknown): unknown
  in(values: unknown[]): unknown
  nin(values: unknown[]): unknown
  exists(present: boolean): unknown
  /** Top level only in this code base: `where(command.and([filterA, filterB]))`. */
  and(filters: object[]): unknown
  or(filters: object[]): unknown
  set(value: unknown): unknown
  inc(by: number): unknown
}

export interface DocGetResult {
  data: unknown
}

export interface DocQuery {
  where(filter: object): DocQuery
  orderBy(field: string, direction: 'asc' | 'desc'): DocQuery
  limit(n: number): DocQuery
  skip(n: number): DocQuery
  get(): Promise<{ data: unknown[] }>
  count(): Promise<{ total?: number }>
  /** Update every matching document (each one atomically); `updated` counts the changed ones. */
  update(data: object): Promise<{ updated?: number }>
  remove(): Promise<{ deleted?: number }>
}

export interface DocRef {
  get(): Promise<DocGetResult>
  set(data: object): Promise<unknown>
  update(data: object): Promise<{ updated?: number }>
  remove(): Promise<{ deleted?: number }>
}

export interface DocAggregate {
  match(filter: object): DocAggregate
  group(spec: object): DocAggregate
  sort(spec: object): DocAggregate
  skip(n: number): DocAggregate
  limit(n: number): DocAggregate
  end(): Promise<{ data?: unknown[] }>
}

export interface DocCollection extends DocQuery {
  doc(id: string): DocRef
  /** One document, or several in one request (an array). */
  add(data: object | object[]): Promise<{ id?: string }>
  aggregate(): DocAggregate
}

export interface DocTransaction {
  collection(name: string): { doc(id: string): DocRef; add(data: object): Promise<unknown> }
}

export interface DocDb {
  command: DocCommand
  collection(name: string): DocCollection
  runTransaction<T>(run: (tx: DocTransaction) => Promise<T>, times?: number): Promise<T>
  createCollection(name: string): Promise<unknown>
}

/** The one document of a `doc(id).get()`, in or out of a transaction. */
export function one(res: DocGetResult | null | undefined): DocData | null {
  const d = res?.data
  if (Array.isArray(d)) return (d[0] as DocData | undefined) ?? null
  return (d as DocData | null | undefined) ?? null
}

function codeAndMessage(e: unknown): string {
  if (!e || typeof e !== 'object') return String(e)
  const o = e as { code?: unknown; message?: unknown }
  return `${String(o.code ?? '')} ${String(o.message ?? '')}`
}

/** A write conflict between transactions (or with a plain write): worth running the transaction again. */
export function isConflict(e: unknown): boolean {
  return /TRANSACTION_CONFLICT|WriteConflict|write conflict/i.test(codeAndMessage(e))
}

/** A read of a document that is not there, where the server answers with an error instead of nothing. */
export function isNotFound(e: unknown): boolean {
  return /DOCUMENT_NOT_?EXIST|document (does )?not exist/i.test(codeAndMessage(e))
}
