// `npm run bench`: figures measured on the local server over real HTTP, from this separate process
// (autocannon), with the database holding 100,000 and 1,000,000 complaints; the scheduler with
// 100,000 open complaints, 1% due; bundle sizes and require times; the h5 complaint page on a slow
// mobile network in Chromium. Prints a table and writes JSON to bench/results/.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, statSync } from 'node:fs'
import { tmpdir, cpus, totalmem } from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import autocannon from 'autocannon'
import { fill } from './fill'
import { SqliteStorage } from '../cloudfunctions/core/storage/sqlite'
import { runScheduler } from '../cloudfunctions/core/scheduler'
import { LocalNotifier } from '../cloudfunctions/core/notify'

const ROOT = path.resolve(__dirname, '..')
const NOW = new Date()
const DURATION = Number(process.env.BENCH_SECONDS ?? 10)
const SIZES = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').map(Number)

function startServer(dataDir: string): Promise<{ proc: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['-r', 'tsx/cjs', 'scripts/server.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    proc.stdout!.on('data', (b: Buffer) => {
      out += b.toString()
      const m = /ready (http:\/\/127\.0\.0\.1:\d+)\//.exec(out)
      if (m) resolve({ proc, url: m[1] })
    })
    proc.on('exit', (c) => reject(new Error(`server exited ${c}`)))
  })
}

async function login(url: string, body: unknown): Promise<string> {
  const r = await fetch(`${url}/dev/login`, { method: 'POST', body: JSON.stringify(body) })
  return ((await r.json()) as { token: string }).token
}

interface Load {
  rps: number
  p50: number
  p99: number
  errors: number
  non2xx: number
}

function load(url: string, connections: number, next: () => { path: string; token: string; body: string }): Promise<Load> {
  return new Promise((resolve, reject) => {
    const inst = autocannon(
      {
        url,
        connections,
        duration: DURATION,
        requests: [
          {
            setupRequest: (req: any) => {
              const n = next()
              return {
                ...req,
                method: 'POST',
                path: n.path,
                body: n.body,
                headers: { 'content-type': 'application/json', authorization: `Bearer ${n.token}` },
              }
            },
          },
        ],
      },
      (err: Error | null, r: any) => {
        if (err) return reject(err)
        resolve({ rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx })
      },
    )
    void inst
  })
}

async function measureSize(size: number, results: Record<string, unknown>) {
  const dir = mkdtempSync(path.join(tmpdir(), `xam-bench-${size}-`))
  try {
    const t0 = Date.now()
    const { sites, ids } = await fill(path.join(dir, 'xinanma.db'), size, { now: NOW })
    const fillMs = Date.now() - t0
    const { proc, url } = await startServer(dir)
    try {
      const workers = await Promise.all(Array.from({ length: 64 }, (_, i) => login(url, { openid: `bench-submit-${i}` })))
      const inspector = await login(url, { persona: 'inspector' })
      let n = 0
      const submit = () => {
        n++
        return {
          path: '/api/worker',
          token: workers[n % workers.length],
          body: JSON.stringify({
            action: 'complaint.submit',
            data: {
              clientRequestId: `bench-${size}-${n}-${randomBytes(4).toString('hex')}`,
              siteCode: sites[n % sites.length],
              placement: 'helmet',
              complainant: { name: '压测工友', phone: '13800000000' },
              workerCount: 3,
              amountOwedFen: 1000000,
              owedSince: '2026-08',
            },
          }),
        }
      }
      const row: Record<string, unknown> = { fillSeconds: fillMs / 1000 }
      for (const c of [16, 64]) row[`submit${c}`] = await load(url, c, submit)
      row.queue16 = await load(url, 16, () => ({
        path: '/api/staff',
        token: inspector,
        body: JSON.stringify({ action: 'queue.list', data: { view: 'in_progress', limit: 20 } }),
      }))
      let k = 0
      const housingIds = ids.filter((_, i) => i % 4 === 0) // site 0 (竞秀 housing): the inspector's own cases
      row.detail16 = await load(url, 16, () => ({
        path: '/api/staff',
        token: inspector,
        body: JSON.stringify({ action: 'complaint.get', data: { id: housingIds[k++ % housingIds.length] } }),
      }))
      results[String(size)] = row
    } finally {
      proc.kill('SIGTERM')
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

async function measureScheduler(results: Record<string, unknown>) {
  const dir = mkdtempSync(path.join(tmpdir(), 'xam-bench-sched-'))
  try {
    const file = path.join(dir, 'db.sqlite')
    await fill(file, 100_000, { now: NOW, openDue: 0.01 })
    const storage = new SqliteStorage(file)
    const deps = { storage, clock: { now: () => NOW }, random: (n: number) => randomBytes(n), notifier: new LocalNotifier() }
    const t0 = process.hrtime.bigint()
    const report = await runScheduler(deps)
    const ms = Number(process.hrtime.bigint() - t0) / 1e6
    const t1 = process.hrtime.bigint()
    await runScheduler(deps)
    const again = Number(process.hrtime.bigint() - t1) / 1e6
    storage.close()
    results.scheduler = { openComplaints: 100_000, due: report.cards, runMs: Math.round(ms), secondRunMs: Math.round(again), report }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function measureBundles(results: Record<string, unknown>) {
  execFileSync('npm', ['run', '-s', 'build:functions'], { cwd: ROOT, stdio: 'ignore' })
  const { weappSizes } = require('../scripts/sizes.js')
  const fns: Record<string, { bytes: number; requireMs: number }> = {}
  const { FUNCTIONS } = require('../scripts/build-functions.js') as { FUNCTIONS: string[] }
  for (const name of FUNCTIONS) {
    const file = path.join(ROOT, 'cloudfunctions', 'dist', name, 'index.js')
    const out = execFileSync(
      process.execPath,
      ['-e', `const t=process.hrtime.bigint();require(${JSON.stringify(file)});console.log(Number(process.hrtime.bigint()-t)/1e6)`],
      { encoding: 'utf8' },
    )
    fns[name] = { bytes: statSync(file).size, requireMs: Math.round(Number(out) * 10) / 10 }
  }
  results.bundles = { weapp: weappSizes(), functions: fns }
}

async function measureH5(results: Record<string, unknown>) {
  const dir = mkdtempSync(path.join(tmpdir(), 'xam-bench-h5-'))
  const { chromium } = await import('playwright-core')
  const { proc, url } = await startServer(dir)
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  try {
    const runs: number[] = []
    const transfer: { bytes: number; requests: number }[] = []
    const sticker = execFileSync(
      process.execPath,
      [
        '-r',
        'tsx/cjs',
        '-e',
        `const b=require('better-sqlite3')(${JSON.stringify(path.join(dir, 'xinanma.db'))});console.log(b.prepare('select code from sites limit 1').get().code)`,
      ],
      { cwd: ROOT, encoding: 'utf8' },
    ).trim()
    for (let i = 0; i < 3; i++) {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })
      const page = await context.newPage()
      const cdp = await context.newCDPSession(page)
      // A slow mobile profile (Chrome DevTools' "Slow 3G"): 400 ms latency, ~50 KB/s down.
      await cdp.send('Network.enable')
      let bytes = 0
      let requests = 0
      cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
        bytes += e.encodedDataLength
        requests++
      })
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 400,
        downloadThroughput: (400 * 1024) / 8,
        uploadThroughput: (400 * 1024) / 8,
      })
      const t0 = Date.now()
      await page.goto(`${url}/q/${sticker}?p=helmet`)
      await page.locator('.taro_page:not(.taro_page_shade) .xam-site-name').first().waitFor({ state: 'visible', timeout: 120000 })
      runs.push(Date.now() - t0)
      transfer.push({ bytes, requests })
      await context.close()
    }
    results.h5 = {
      profile: 'Slow 3G (400 ms, 400 kbit/s)',
      coldMs: runs[0],
      runsMs: runs,
      transferredBytes: transfer[0].bytes,
      requests: transfer[0].requests,
    }
  } finally {
    await browser.close()
    proc.kill('SIGTERM')
    rmSync(dir, { recursive: true, force: true })
  }
}

async function main() {
  const results: Record<string, unknown> = {
    at: NOW.toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    durationSeconds: DURATION,
  }
  measureBundles(results)
  await measureH5(results)
  await measureScheduler(results)
  for (const size of SIZES) await measureSize(size, results)
  const big = results[String(Math.max(...SIZES))] as any
  results.submitPerSecond = big?.submit64?.rps
  results.p99Ms = big?.submit64?.p99
  mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true })
  const out = path.join(ROOT, 'bench', 'results', `bench-${NOW.toISOString().replace(/[:.]/g, '-')}.json`)
  writeFileSync(out, JSON.stringify(results, null, 2))
  printTable(results)
  console.log(`\nJSON: ${path.relative(ROOT, out)}`)
}

function printTable(r: any) {
  const lines: string[] = ['| measure | figure |', '| --- | --- |']
  for (const size of SIZES) {
    const s = r[String(size)]
    if (!s) continue
    const f = (l: Load) =>
      `${l.rps} req/s, p50 ${l.p50} ms, p99 ${l.p99} ms${l.errors || l.non2xx ? `, ${l.errors} errors, ${l.non2xx} non-2xx` : ''}`
    lines.push(`| submit, 16 concurrent, ${size.toLocaleString('en')} stored | ${f(s.submit16)} |`)
    lines.push(`| submit, 64 concurrent, ${size.toLocaleString('en')} stored | ${f(s.submit64)} |`)
    lines.push(`| inspector queue page, 16 concurrent, ${size.toLocaleString('en')} stored | ${f(s.queue16)} |`)
    lines.push(`| complaint detail, 16 concurrent, ${size.toLocaleString('en')} stored | ${f(s.detail16)} |`)
  }
  lines.push(
    `| scheduler run, 100,000 open, 1% due | ${r.scheduler.runMs} ms (${r.scheduler.due} cards; second run ${r.scheduler.secondRunMs} ms) |`,
  )
  lines.push(
    `| weapp main package / total | ${(r.bundles.weapp.main / 1024).toFixed(1)} KB / ${(r.bundles.weapp.total / 1024).toFixed(1)} KB |`,
  )
  for (const [name, f] of Object.entries<any>(r.bundles.functions))
    lines.push(`| function ${name}: bundle, require | ${(f.bytes / 1024).toFixed(1)} KB, ${f.requireMs} ms |`)
  lines.push(
    `| h5 sticker link → form ready, ${r.h5.profile} | ${r.h5.coldMs} ms cold (runs: ${r.h5.runsMs.join(', ')} ms); ${(r.h5.transferredBytes / 1024).toFixed(0)} KB in ${r.h5.requests} requests |`,
  )
  console.log(`\nMachine: ${r.machine.cpus} × ${r.machine.model}, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}\n`)
  console.log(lines.join('\n'))
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
