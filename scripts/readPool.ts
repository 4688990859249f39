// Reads on every core: the local server runs an action that only reads (Action.readOnly: the staff
// queues, the overview, the department list) on one of a few worker threads, each with its own read-only
// SQLite connection (scripts/readWorker.ts). The main thread keeps HTTP, sessions and every write (one
// writer, group commit); the reads no longer queue behind each other nor behind a batch on one core.
//
// What a thread sees is what is committed: a batch's writes only after its commit, which is also when
// their callers are answered, so a caller always reads what it was told was saved. Each call carries the
// server's clock reading and the catalog's generation (bumped whenever the main thread's catalog cache
// drops, and again after the commit of the batch that dropped it): a thread drops its own catalog cache
// when the generation moves, so a department, rule or setting changed here is read fresh at once.
//
// And the count of the server's commits: a thread keeps its read transaction open from one call to the
// next while that count stands (and for at most 50 ms), instead of starting one per call. Starting
// one takes the WAL's read lock, a few system calls that the threads and the writer contend for; with its
// end it was about a sixth of a thread's time per queue page. A call then reads a snapshot taken after every commit
// that was answered before it arrived, as with a transaction of its own: nothing this server answered is
// missed, and a write by another process (a script on the same file) is seen within those 50 ms.
import { Worker } from 'node:worker_threads'
import { availableParallelism } from 'node:os'
import path from 'node:path'
import type { Caller } from '../cloudfunctions/core/context'
import type { FunctionName } from '../cloudfunctions/core/functions'

/** Read threads unless READ_THREADS says otherwise: one per core, at most 2 (the writer needs a core too). */
export function defaultReadThreads(env: NodeJS.ProcessEnv = process.env): number {
  return env.READ_THREADS !== undefined ? Number(env.READ_THREADS) : Math.min(2, availableParallelism())
}

/** One call for a read thread. */
export interface ReadCall {
  fn: FunctionName
  body: unknown
  caller: Caller
  /** The server's clock (ms), read when the call arrived. */
  now: number
  publicBaseUrl: string | undefined
}

export interface ReadAnswer {
  status: number
  /** The reply envelope, already JSON (serialised on the thread, not on the main one). */
  json: string
}

/** What a thread is started with (readWorker.ts reads it as workerData). */
export interface ReadWorkerData {
  file: string
  sessionSecret: string
  devLogin: boolean
  /** The longest a thread keeps one snapshot, ms (default 50): another process's write is seen after at most this. */
  snapshotMs?: number
  /** A thread without a call for this long ends its snapshot, ms (default 10). */
  idleMs?: number
}

/**
 * Values kept under small integer ids, each id reused once its value is taken: what waits for another thread's
 * answer, by the id sent with it. Not a Map: a Map given an entry and losing one on every call replaces its
 * table every few calls, and V8 links each replaced table to its successor. Once one table of that chain had
 * been moved to the old generation (a busy moment does it, e.g. a burst of submits), it kept every later
 * table, with the requests and replies their entries reach, alive through each young-generation collection
 * until the next full one: the main thread then copied about 4 MB at each of those collections, every
 * ~70 ms, and queue pages waited 10–20 ms behind them (p99 20–25 ms after the bench's submits, 7–9 ms before).
 */
export class Slots<T> {
  private readonly values: (T | undefined)[] = []
  private readonly free: number[] = []

  /** Keep `value`; returns its id. */
  add(value: T): number {
    const id = this.free.pop() ?? this.values.length
    this.values[id] = value
    return id
  }

  get(id: number): T | undefined {
    return this.values[id]
  }

  /** The value under `id`, which is then free for the next `add`. */
  take(id: number): T | undefined {
    const v = this.values[id]
    if (v !== undefined) {
      this.values[id] = undefined
      this.free.push(id)
    }
    return v
  }

  forEach(f: (value: T, id: number) => void): void {
    this.values.forEach((v, id) => {
      if (v !== undefined) f(v, id)
    })
  }

  /** Ids handed out so far: the most values kept at once. */
  get capacity(): number {
    return this.values.length
  }
}

/** A call sent to a thread, waiting for its answer. */
interface Waiting {
  thread: Thread
  resolve: (a: ReadAnswer) => void
  reject: (e: unknown) => void
}

interface Thread {
  worker: Worker
  ready: boolean
  inFlight: number
  /** Settles when the thread has loaded (or failed to). */
  loaded: Promise<void>
}

export class ReadPool {
  private readonly threads: Thread[] = []
  /** The calls waiting for an answer, by the id each was sent with. */
  private readonly waiting = new Slots<Waiting>()
  private generation = 0
  private commits = 0
  private closed = false

  constructor(size: number, data: ReadWorkerData) {
    for (let i = 0; i < size; i++) this.start(data)
  }

  /** Threads that have loaded and can take calls (none: the caller reads on its own thread). */
  get ready(): number {
    return this.threads.filter((t) => t.ready).length
  }

  /** Resolves once every thread has loaded (or failed: it then left the pool). */
  async whenReady(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.loaded))
  }

  /** The catalog changed: every thread reads it afresh from its next call. */
  catalogChanged(): void {
    this.generation++
  }

  /** A batch of writes committed: a call from now on reads a snapshot taken after it. */
  committed(): void {
    this.commits++
  }

  /** Run a call on the least busy ready thread; null when none is ready (the caller reads itself). */
  run(call: ReadCall): Promise<ReadAnswer> | null {
    let best: Thread | null = null
    for (const t of this.threads) if (t.ready && (!best || t.inFlight < best.inFlight)) best = t
    if (!best || this.closed) return null
    const thread = best
    thread.inFlight++
    return new Promise<ReadAnswer>((resolve, reject) => {
      const id = this.waiting.add({ thread, resolve, reject })
      thread.worker.postMessage({ id, generation: this.generation, commits: this.commits, ...call })
    })
  }

  async close(): Promise<void> {
    this.closed = true
    await Promise.all(this.threads.map((t) => t.worker.terminate()))
  }

  private start(data: ReadWorkerData): void {
    // The thread loads the same TypeScript the server runs (through tsx), whatever started this process.
    const worker = new Worker(path.join(__dirname, 'readWorker.ts'), {
      workerData: data,
      execArgv: ['--require', require.resolve('tsx/cjs')],
    })
    let loaded = () => {}
    const thread: Thread = { worker, ready: false, inFlight: 0, loaded: new Promise<void>((r) => (loaded = r)) }
    this.threads.push(thread)
    worker.unref()
    worker.on('message', (m: { ready?: true; id?: number; answer?: ReadAnswer; error?: string }) => {
      if (m.ready) {
        thread.ready = true
        loaded()
        return
      }
      if (this.waiting.get(m.id!)?.thread !== thread) return
      const p = this.waiting.take(m.id!)!
      thread.inFlight--
      if (m.answer) p.resolve(m.answer)
      else p.reject(new Error(m.error ?? 'read thread failed'))
    })
    // A thread that fails leaves the pool: its calls are answered with an error, the others go on (with
    // no thread left, reads run on the main thread again).
    const gone = (e: unknown) => {
      if (!this.closed) console.error('[server] a read thread stopped; reads go on without it', e)
      thread.ready = false
      loaded()
      const i = this.threads.indexOf(thread)
      if (i >= 0) this.threads.splice(i, 1)
      this.waiting.forEach((p, id) => {
        if (p.thread !== thread) return
        this.waiting.take(id)
        p.reject(e)
      })
    }
    worker.on('error', gone)
    worker.on('exit', (code) => gone(new Error(`read thread exited (${code})`)))
  }
}
