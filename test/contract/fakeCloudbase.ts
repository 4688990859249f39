// An in-memory stand-in for the CloudBase database *server*, behind the real client library
// (@cloudbase/database's Db, which node-sdk's `app.database()` returns). The adapter under test talks
// to the real client: its query builder, serializer (EJSON on the wire), transaction protocol and
// result shapes are the production ones; only the request transport is replaced (`Db.reqClass`).
//
// What the server does, as CloudBase (a MongoDB service) does, and what it checks beyond that:
// - Mongo filters ($and/$or/$eq/$ne/$gt(e)/$lt(e)/$in/$nin/$exists, dotted paths, null = missing),
//   sorts, offset/limit (the client caps limit at 1000), counts, updates ($set/$inc/$unset), replace,
//   upsert, insert (duplicate _id fails), aggregate ($match/$group with $sum/$sort/$skip/$limit).
// - transactions with snapshot reads and first-writer-wins write conflicts (DATABASE_TRANSACTION_CONFLICT),
//   plain writes that hit a document a transaction holds make that transaction fail at commit;
//   unique indexes of database/collections.json are enforced.
// - only documents addressed by _id inside a transaction (no where queries), as CloudBase documents.
// - every query must be served by a declared index (or be on a collection marked fullScan): a query
//   without one is refused, so a missing index fails the contract suite instead of a production scan.
// - collections must exist (created as `npm run deploy` does) before use.
// Every request yields to the event loop first, so concurrent calls interleave as over a network.
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { EJSON } from 'bson'
import { Db } from '@cloudbase/database'
import type { DocDb } from '../../cloudfunctions/core/storage/docDb'

type Doc = Record<string, any>

interface IndexDecl {
  name: string
  unique: boolean
  keys: [string, 1 | -1][]
}
interface CollectionDecl {
  name: string
  fullScan: boolean
  indexes: IndexDecl[]
}

export function collectionDecls(): CollectionDecl[] {
  const file = path.resolve(__dirname, '../../database/collections.json')
  return JSON.parse(readFileSync(file, 'utf8')).collections
}

class ServerError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}
const conflict = () => new ServerError('DATABASE_TRANSACTION_CONFLICT', 'database transaction conflict')

// --- values -------------------------------------------------------------------------------------------

const isPlain = (v: unknown): v is Doc => v !== null && typeof v === 'object' && !Array.isArray(v)
const clone = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)))

function rank(v: unknown): number {
  if (v === undefined || v === null) return 1
  if (typeof v === 'number') return 2
  if (typeof v === 'string') return 3
  if (Array.isArray(v)) return 5
  if (typeof v === 'object') return 4
  if (typeof v === 'boolean') return 8
  return 9
}

function compare(a: unknown, b: unknown): number {
  const ra = rank(a)
  const rb = rank(b)
  if (ra !== rb) return ra - rb
  if (ra === 1) return 0
  if (ra === 2 || ra === 3) return (a as any) < (b as any) ? -1 : (a as any) > (b as any) ? 1 : 0
  if (ra === 8) return Number(a) - Number(b)
  const sa = JSON.stringify(a)
  const sb = JSON.stringify(b)
  return sa < sb ? -1 : sa > sb ? 1 : 0
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]))
  if (isPlain(a) && isPlain(b)) {
    const ka = Object.keys(a)
    return ka.length === Object.keys(b).length && ka.every((k) => deepEqual(a[k], b[k]))
  }
  return false
}

function getPath(doc: Doc, p: string): unknown {
  let v: unknown = doc
  for (const part of p.split('.')) {
    if (!isPlain(v)) return undefined
    v = v[part]
  }
  return v
}

function setPath(doc: Doc, p: string, value: unknown): void {
  const parts = p.split('.')
  let o: Doc = doc
  for (const part of parts.slice(0, -1)) {
    if (o[part] === undefined) o[part] = {}
    if (!isPlain(o[part]))
      throw new ServerError('DATABASE_REQUEST_FAILED', `Cannot create field '${p}' in element ${JSON.stringify(o[part])}`)
    o = o[part]
  }
  o[parts[parts.length - 1]] = value
}

function unsetPath(doc: Doc, p: string): void {
  const parts = p.split('.')
  const parent = parts.length > 1 ? getPath(doc, parts.slice(0, -1).join('.')) : doc
  if (isPlain(parent)) delete parent[parts[parts.length - 1]]
}

// --- filters ------------------------------------------------------------------------------------------

const isOperatorObject = (v: unknown): v is Doc => isPlain(v) && Object.keys(v).length > 0 && Object.keys(v).every((k) => k.startsWith('$'))

function equalsQuery(val: unknown, q: unknown): boolean {
  if (q === null) return val === null || val === undefined
  if (Array.isArray(val) && !Array.isArray(q)) return val.some((e) => deepEqual(e, q))
  return deepEqual(val, q)
}

function comparable(val: unknown, arg: unknown): boolean {
  return val !== null && val !== undefined && rank(val) === rank(arg)
}

function applyOp(val: unknown, op: string, arg: any): boolean {
  switch (op) {
    case '$eq':
      return equalsQuery(val, arg)
    case '$ne':
      return !equalsQuery(val, arg)
    case '$gt':
      return comparable(val, arg) && compare(val, arg) > 0
    case '$gte':
      return comparable(val, arg) && compare(val, arg) >= 0
    case '$lt':
      return comparable(val, arg) && compare(val, arg) < 0
    case '$lte':
      return comparable(val, arg) && compare(val, arg) <= 0
    case '$in':
      return (arg as unknown[]).some((a) => equalsQuery(val, a))
    case '$nin':
      return !(arg as unknown[]).some((a) => equalsQuery(val, a))
    case '$exists':
      return (val !== undefined) === Boolean(arg)
    default:
      throw new ServerError('DATABASE_REQUEST_FAILED', `fake server: unsupported query operator ${op}`)
  }
}

export function matches(doc: Doc, filter: Doc): boolean {
  for (const [k, cond] of Object.entries(filter)) {
    if (k === '$and') {
      if (!(cond as Doc[]).every((f) => matches(doc, f))) return false
    } else if (k === '$or') {
      if (!(cond as Doc[]).some((f) => matches(doc, f))) return false
    } else if (k === '$nor') {
      if ((cond as Doc[]).some((f) => matches(doc, f))) return false
    } else if (k.startsWith('$')) {
      throw new ServerError('DATABASE_REQUEST_FAILED', `fake server: unsupported query operator ${k}`)
    } else {
      const val = getPath(doc, k)
      if (isOperatorObject(cond)) {
        for (const [op, arg] of Object.entries(cond)) if (!applyOp(val, op, arg)) return false
      } else if (!equalsQuery(val, cond)) return false
    }
  }
  return true
}

const SARGABLE = new Set(['$eq', '$gt', '$gte', '$lt', '$lte', '$in'])

/** For each alternative (OR branch) of a filter, the fields an index could seek on. */
export function seekableFields(filter: Doc): Set<string>[] {
  let out: Set<string>[] = [new Set()]
  const cross = (a: Set<string>[], b: Set<string>[]) => a.flatMap((x) => b.map((y) => new Set([...x, ...y])))
  for (const [k, cond] of Object.entries(filter)) {
    if (k === '$and') for (const sub of cond as Doc[]) out = cross(out, seekableFields(sub))
    else if (k === '$or')
      out = cross(
        out,
        (cond as Doc[]).flatMap((sub) => seekableFields(sub)),
      )
    else if (k.startsWith('$')) continue
    else if (!isOperatorObject(cond) || Object.keys(cond).some((op) => SARGABLE.has(op))) for (const s of out) s.add(k)
  }
  return out
}

function applyUpdate(doc: Doc, update: Doc): void {
  for (const [op, fields] of Object.entries(update)) {
    if (!op.startsWith('$')) throw new ServerError('DATABASE_REQUEST_FAILED', `fake server: update without operator: ${op}`)
    for (const [p, v] of Object.entries(fields as Doc)) {
      if (p === '_id') throw new ServerError('DATABASE_REQUEST_FAILED', 'cannot update _id')
      if (op === '$set') setPath(doc, p, clone(v))
      else if (op === '$inc') {
        const cur = getPath(doc, p)
        if (cur !== undefined && cur !== null && typeof cur !== 'number')
          throw new ServerError('DATABASE_REQUEST_FAILED', `cannot $inc non-number ${p}`)
        setPath(doc, p, (typeof cur === 'number' ? cur : 0) + Number(v))
      } else if (op === '$unset') unsetPath(doc, p)
      else throw new ServerError('DATABASE_REQUEST_FAILED', `fake server: unsupported update operator ${op}`)
    }
  }
}

function evalExpr(doc: Doc, e: unknown): unknown {
  if (typeof e === 'string' && e.startsWith('$')) return getPath(doc, e.slice(1)) ?? null
  if (isPlain(e)) return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, evalExpr(doc, v)]))
  return e
}

function sortDocs(docs: Doc[], order: Doc): Doc[] {
  const keys = Object.entries(order) as [string, number][]
  return [...docs].sort((a, b) => {
    for (const [k, dir] of keys) {
      const c = compare(getPath(a, k), getPath(b, k))
      if (c !== 0) return dir < 0 ? -c : c
    }
    return 0
  })
}

// --- the server ---------------------------------------------------------------------------------------

interface Version {
  clock: number
  doc: Doc | null
}
interface Tx {
  id: string
  snapshot: number
  writes: Map<string, { coll: string; id: string; doc: Doc | null }>
  doomed: boolean
}

export interface FakeServerOptions {
  /** Collection name prefix the adapter uses (names are looked up without it). */
  prefix?: string
  /** Declarations (default: database/collections.json). */
  collections?: CollectionDecl[]
}

export class FakeCloudbaseServer {
  private clock = 0
  private readonly data = new Map<string, Map<string, Version[]>>()
  private readonly txs = new Map<string, Tx>()
  private readonly locks = new Map<string, string>()
  private readonly decls: Map<string, CollectionDecl>
  private readonly prefix: string
  /** Requests served, by action (for tests that count round trips). */
  readonly calls = new Map<string, number>()
  /** Write conflicts answered (each makes the client's transaction run again). */
  conflicts = 0

  constructor(opts: FakeServerOptions = {}) {
    this.prefix = opts.prefix ?? ''
    this.decls = new Map((opts.collections ?? collectionDecls()).map((c) => [c.name, c]))
  }

  private decl(coll: string): CollectionDecl {
    const base = coll.startsWith(this.prefix) ? coll.slice(this.prefix.length) : coll
    const d = this.decls.get(base)
    if (!d) throw new ServerError('DATABASE_REQUEST_FAILED', `fake server: collection ${coll} is not declared in database/collections.json`)
    return d
  }

  private table(coll: string): Map<string, Version[]> {
    const t = this.data.get(coll)
    if (!t) throw new ServerError('DATABASE_COLLECTION_NOT_EXIST', `collection ${coll} does not exist`)
    return t
  }

  private latest(coll: string, id: string): Version | undefined {
    const h = this.table(coll).get(id)
    return h?.[h.length - 1]
  }

  private committedAt(coll: string, id: string, clock: number): Doc | null {
    const h = this.table(coll).get(id) ?? []
    for (let i = h.length - 1; i >= 0; i--) if (h[i].clock <= clock) return h[i].doc
    return null
  }

  /** The documents of a collection as a reader sees them (outside transactions: the latest). */
  private docs(coll: string, tx?: Tx): Doc[] {
    const out: Doc[] = []
    for (const id of this.table(coll).keys()) {
      const d = this.read(coll, id, tx)
      if (d) out.push(d)
    }
    if (tx) for (const w of tx.writes.values()) if (w.coll === coll && w.doc && !this.table(coll).has(w.id)) out.push(w.doc)
    return out
  }

  private read(coll: string, id: string, tx?: Tx): Doc | null {
    if (tx) {
      const w = tx.writes.get(`${coll}\u0000${id}`)
      if (w) return w.doc
      return this.committedAt(coll, id, tx.snapshot)
    }
    return this.latest(coll, id)?.doc ?? null
  }

  private checkUnique(coll: string, id: string, doc: Doc | null, tx?: Tx): void {
    if (!doc) return
    for (const ix of this.decl(coll).indexes.filter((i) => i.unique)) {
      const key = (d: Doc) => JSON.stringify(ix.keys.map(([f]) => getPath(d, f) ?? null))
      const k = key(doc)
      for (const other of this.docs(coll, tx)) {
        if (other._id !== id && key(other) === k) {
          throw new ServerError('DATABASE_DUPLICATE_KEY', `E11000 duplicate key error collection: ${coll} index: ${ix.name} dup key: ${k}`)
        }
      }
    }
  }

  /** Unique indexes against what is committed now, with this transaction's writes laid over it. */
  private checkUniqueAtCommit(coll: string, id: string, doc: Doc | null, tx: Tx): void {
    if (!doc) return
    const view = new Map<string, Doc>()
    for (const d of this.docs(coll)) view.set(String(d._id), d)
    for (const w of tx.writes.values()) if (w.coll === coll) w.doc ? view.set(w.id, w.doc) : view.delete(w.id)
    for (const ix of this.decl(coll).indexes.filter((i) => i.unique)) {
      const key = (d: Doc) => JSON.stringify(ix.keys.map(([f]) => getPath(d, f) ?? null))
      for (const [otherId, other] of view) if (otherId !== id && key(other) === key(doc)) throw conflict()
    }
  }

  private write(coll: string, id: string, doc: Doc | null, tx?: Tx): void {
    const key = `${coll}\u0000${id}`
    if (tx) {
      const holder = this.locks.get(key)
      if (holder && holder !== tx.id) throw conflict()
      if ((this.latest(coll, id)?.clock ?? 0) > tx.snapshot) throw conflict()
      this.checkUnique(coll, id, doc, tx)
      this.locks.set(key, tx.id)
      tx.writes.set(key, { coll, id, doc: doc && clone(doc) })
      return
    }
    const holder = this.locks.get(key)
    if (holder) {
      const other = this.txs.get(holder)
      if (other) other.doomed = true
    }
    this.checkUnique(coll, id, doc)
    const t = this.table(coll)
    if (!t.has(id)) t.set(id, [])
    t.get(id)!.push({ clock: ++this.clock, doc: doc && clone(doc) })
  }

  /**
   * Every alternative of the filter must be served by a declared index: its first key is constrained,
   * and when the query sorts, the index yields that order (the sort field is in the index with only
   * constrained keys before it), so no query scans a collection or sorts a large result in memory.
   */
  private checkIndexed(coll: string, filter: Doc, order?: Doc): void {
    const decl = this.decl(coll)
    const firstSort = order ? Object.keys(order)[0] : undefined
    if (Object.keys(filter).length === 0) {
      if (decl.fullScan || (firstSort && (firstSort === '_id' || decl.indexes.some((i) => i.keys[0][0] === firstSort)))) return
      throw new ServerError('FAKE_UNINDEXED_QUERY', `fake server: unfiltered query on ${coll} (not a fullScan collection)`)
    }
    const serves = (ix: IndexDecl, fields: Set<string>) => {
      const keys = ix.keys.map(([k]) => k)
      if (!fields.has(keys[0])) return false
      if (!firstSort || firstSort === '_id') return true
      const at = keys.indexOf(firstSort)
      return at >= 0 && keys.slice(0, at).every((k) => fields.has(k))
    }
    for (const fields of seekableFields(filter)) {
      if (decl.fullScan || fields.has('_id') || decl.indexes.some((ix) => serves(ix, fields))) continue
      throw new ServerError(
        'FAKE_UNINDEXED_QUERY',
        `fake server: no index of ${coll} serves a query on [${[...fields].join(', ')}]${firstSort ? ` sorted by ${firstSort}` : ''}: ${JSON.stringify(filter)}`,
      )
    }
  }

  private txOf(params: Doc): Tx | undefined {
    if (!params.transactionId) return undefined
    const tx = this.txs.get(params.transactionId)
    if (!tx) throw new ServerError('DATABASE_TRANSACTION_FAIL', 'transaction not found (already committed or aborted)')
    return tx
  }

  private noWhereInTx(params: Doc): void {
    if (params.transactionId && params.queryType !== 'DOC') {
      throw new ServerError('DATABASE_REQUEST_FAILED', 'fake server: only documents addressed by _id can be used in a transaction')
    }
  }

  private endTx(tx: Tx): void {
    for (const [key, holder] of [...this.locks]) if (holder === tx.id) this.locks.delete(key)
    this.txs.delete(tx.id)
  }

  /** One request, as the client sends it; answers as the server does, or throws {code, message}. */
  handle(action: string, p: Doc): Doc {
    this.calls.set(action, (this.calls.get(action) ?? 0) + 1)
    try {
      return this.serve(action, p)
    } catch (e) {
      if (e instanceof ServerError && e.code === 'DATABASE_TRANSACTION_CONFLICT') this.conflicts++
      throw e
    }
  }

  private serve(action: string, p: Doc): Doc {
    const parse = (s: unknown) => (typeof s === 'string' && s ? EJSON.parse(s) : {}) as Doc
    const list = (docs: Doc[]) => docs.map((d) => EJSON.stringify(d, { relaxed: false }))
    switch (action) {
      case 'database.addCollection': {
        if (this.data.has(p.collectionName))
          throw new ServerError('DATABASE_COLLECTION_ALREADY_EXIST', `collection ${p.collectionName} already exists`)
        this.decl(p.collectionName)
        this.data.set(p.collectionName, new Map())
        return {}
      }
      case 'database.startTransaction': {
        const id = randomBytes(8).toString('hex')
        this.txs.set(id, { id, snapshot: this.clock, writes: new Map(), doomed: false })
        return { transactionId: id }
      }
      case 'database.commitTransaction': {
        const tx = this.txOf(p)!
        try {
          if (tx.doomed) throw conflict()
          for (const w of tx.writes.values()) if ((this.latest(w.coll, w.id)?.clock ?? 0) > tx.snapshot) throw conflict()
          for (const w of tx.writes.values()) this.checkUniqueAtCommit(w.coll, w.id, w.doc, tx)
          const clock = ++this.clock
          for (const w of tx.writes.values()) {
            const t = this.table(w.coll)
            if (!t.has(w.id)) t.set(w.id, [])
            t.get(w.id)!.push({ clock, doc: w.doc })
          }
          return {}
        } finally {
          this.endTx(tx)
        }
      }
      case 'database.abortTransaction': {
        const tx = this.txs.get(p.transactionId)
        if (tx) this.endTx(tx)
        return {}
      }
      case 'database.getDocument': {
        this.noWhereInTx(p)
        const tx = this.txOf(p)
        const q = parse(p.query)
        if (p.queryType === 'DOC') {
          const d = this.read(p.collectionName, String(q._id), tx)
          return { data: { list: list(d ? [d] : []) } }
        }
        const order = p.order ? parse(p.order) : undefined
        this.checkIndexed(p.collectionName, q, order)
        let docs = this.docs(p.collectionName).filter((d) => matches(d, q))
        if (order) docs = sortDocs(docs, order)
        const offset = Number(p.offset ?? 0)
        const limit = Number(p.limit ?? 100)
        return { data: { list: list(docs.slice(offset, offset + limit)) } }
      }
      case 'database.calculateDocument': {
        const q = parse(p.query)
        this.checkIndexed(p.collectionName, q)
        return { data: { total: this.docs(p.collectionName).filter((d) => matches(d, q)).length } }
      }
      case 'database.insertDocument': {
        const tx = this.txOf(p)
        const ids: string[] = []
        for (const s of p.data as string[]) {
          const doc = EJSON.parse(s) as Doc
          const id = doc._id === undefined ? randomBytes(12).toString('hex') : String(doc._id)
          if (this.read(p.collectionName, id, tx)) {
            throw new ServerError(
              'DATABASE_DUPLICATE_KEY',
              `E11000 duplicate key error collection: ${p.collectionName} index: _id_ dup key: ${id}`,
            )
          }
          this.write(p.collectionName, id, { ...doc, _id: id }, tx)
          ids.push(id)
        }
        return { data: { insertedIds: ids } }
      }
      case 'database.modifyDocument': {
        this.noWhereInTx(p)
        const tx = this.txOf(p)
        const q = parse(p.query)
        const data = parse(p.data)
        if (p.queryType === 'DOC') {
          const id = String(q._id)
          const cur = this.read(p.collectionName, id, tx)
          if (!p.merge) {
            // set(): replace, or insert when missing
            if (Object.keys(data).some((k) => k.startsWith('$')))
              throw new ServerError('DATABASE_REQUEST_FAILED', 'replacement with operators')
            this.write(p.collectionName, id, { ...data, _id: id }, tx)
            return { data: { updated: cur ? 1 : 0, upsert_id: cur ? undefined : id } }
          }
          if (!cur) return { data: { updated: 0 } }
          const next = clone(cur)
          applyUpdate(next, data)
          if (deepEqual(next, cur)) return { data: { updated: 0 } }
          this.write(p.collectionName, id, next, tx)
          return { data: { updated: 1 } }
        }
        this.checkIndexed(p.collectionName, q)
        let updated = 0
        for (const cur of this.docs(p.collectionName).filter((d) => matches(d, q))) {
          const next = clone(cur)
          applyUpdate(next, data)
          if (deepEqual(next, cur)) continue
          this.write(p.collectionName, String(cur._id), next)
          updated++
          if (p.multi === false) break
        }
        return { data: { updated } }
      }
      case 'database.removeDocument': {
        this.noWhereInTx(p)
        const tx = this.txOf(p)
        const q = parse(p.query)
        if (p.queryType === 'DOC') {
          const id = String(q._id)
          if (!this.read(p.collectionName, id, tx)) return { data: { deleted: 0 } }
          this.write(p.collectionName, id, null, tx)
          return { data: { deleted: 1 } }
        }
        if (Object.keys(q).length) this.checkIndexed(p.collectionName, q)
        const gone = this.docs(p.collectionName).filter((d) => matches(d, q))
        for (const d of gone) this.write(p.collectionName, String(d._id), null)
        return { data: { deleted: gone.length } }
      }
      case 'database.aggregateDocuments': {
        let docs = this.docs(p.collectionName)
        const stages = (p.stages as { stageKey: string; stageValue: string }[]).map(
          (s) => [s.stageKey, EJSON.parse(s.stageValue)] as [string, any],
        )
        if (stages[0]?.[0] !== '$match')
          throw new ServerError('FAKE_UNINDEXED_QUERY', 'fake server: an aggregate must start with an indexed $match')
        for (const [stage, v] of stages) {
          if (stage === '$match') {
            this.checkIndexed(p.collectionName, v)
            docs = docs.filter((d) => matches(d, v))
          } else if (stage === '$group') {
            const groups = new Map<string, Doc>()
            for (const d of docs) {
              const id = evalExpr(d, v._id)
              const key = JSON.stringify(id)
              const g = groups.get(key) ?? { _id: id }
              for (const [field, acc] of Object.entries(v as Doc)) {
                if (field === '_id') continue
                if (!isPlain(acc) || !('$sum' in acc))
                  throw new ServerError('DATABASE_REQUEST_FAILED', `fake server: unsupported accumulator ${JSON.stringify(acc)}`)
                const x = evalExpr(d, acc.$sum)
                g[field] = (g[field] ?? 0) + (typeof x === 'number' ? x : 0)
              }
              groups.set(key, g)
            }
            docs = [...groups.values()]
          } else if (stage === '$sort') docs = sortDocs(docs, v)
          else if (stage === '$skip') docs = docs.slice(Number(v))
          else if (stage === '$limit') docs = docs.slice(0, Number(v))
          else throw new ServerError('DATABASE_REQUEST_FAILED', `fake server: unsupported stage ${stage}`)
        }
        return { data: { list: list(docs) } }
      }
      default:
        throw new ServerError('DATABASE_REQUEST_FAILED', `fake server: unsupported action ${action}`)
    }
  }

  /** All documents of a collection (for assertions), without the client. */
  dump(collection: string): Doc[] {
    return this.docs(this.prefix + collection).map(clone)
  }

  openTransactions(): number {
    return this.txs.size
  }
}

/** The transport: what node-sdk's TcbDBApiHttpRequester is, minus the network. */
class FakeRequester {
  private readonly server: FakeCloudbaseServer
  constructor(config: { fakeServer: FakeCloudbaseServer }) {
    this.server = config.fakeServer
  }

  async send(action: string, params: Doc): Promise<Doc> {
    await new Promise((r) => setImmediate(r))
    try {
      // The client sends EJSON strings and plain values; copy so the server never shares objects.
      return { requestId: randomBytes(4).toString('hex'), ...this.server.handle(action, clone(params)) }
    } catch (e) {
      // node-sdk throws every answer that carries a code (TcbError: code + message).
      if (e instanceof ServerError) throw Object.assign(new Error(e.message), { code: e.code })
      throw e
    }
  }
}

/** The real database client (node-sdk's `app.database()` object) over a fake server. */
export function fakeDocDb(server: FakeCloudbaseServer): DocDb {
  Db.reqClass = FakeRequester
  const db = new Db({ fakeServer: server })
  return db
}
