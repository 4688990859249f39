// A submit at a busy site, profiled in one process: fills a SQLite file (bench/fill.ts), starts the local
// server's code on it in-process (scripts/server.ts) and fires submits over HTTP at the demo sites, which
// hold their usual backlog. Prints submits per second. Run under `node --cpu-prof` for a CPU profile:
//   SIZE=200000 SUBMITS=3000 node --cpu-prof --cpu-prof-dir=/tmp/prof -r tsx/cjs bench/submitProfile.ts
// With FILLED=<file>, the fill is made once into that file and copied for each run (the profile then
// holds the submits only).
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fill } from './fill'
import { submitBody } from './workload'
import { startServer } from '../scripts/server'

const SIZE = Number(process.env.SIZE ?? 200_000)
const SUBMITS = Number(process.env.SUBMITS ?? 3000)
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 16)
/** Workers the submits are spread over: few workers fill their hourly limit's window (up to 1,000 hits each). */
const WORKERS = Number(process.env.WORKERS ?? 64)
const FILLED = process.env.FILLED

/** The demo sites' codes: the fill's answer, kept beside a reused fill. */
async function filled(file: string): Promise<string[]> {
  if (!FILLED) return (await fill(file, SIZE, { now: new Date() })).sites
  const sitesFile = `${FILLED}.sites.json`
  // A file without its sites beside it is not one this script filled: never fill into it.
  if (existsSync(FILLED) && !existsSync(sitesFile)) throw new Error(`${FILLED} has no ${sitesFile}: give a new file name to fill`)
  if (!existsSync(FILLED)) {
    const { sites } = await fill(FILLED, SIZE, { now: new Date() })
    require('node:fs').writeFileSync(sitesFile, JSON.stringify(sites))
  }
  copyFileSync(FILLED, file)
  return JSON.parse(require('node:fs').readFileSync(sitesFile, 'utf8')) as string[]
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'xam-submit-prof-'))
  try {
    const sites = await filled(path.join(dir, 'xinanma.db'))
    const srv = await startServer({ port: 0, dataDir: dir, dev: true, h5Dir: path.join(dir, 'none'), quiet: true, seed: false })
    try {
      const login = async (openid: string) =>
        (
          (await (await fetch(`${srv.baseUrl}/dev/login`, { method: 'POST', body: JSON.stringify({ openid }) })).json()) as {
            token: string
          }
        ).token
      const workers = await Promise.all(Array.from({ length: WORKERS }, (_, i) => login(`prof-submit-${i}`)))
      let n = 0
      let failed = 0
      const one = async () => {
        const i = n++
        const r = await fetch(`${srv.baseUrl}/api/worker`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${workers[i % workers.length]}` },
          body: submitBody(sites[i % sites.length], `prof-${i}`),
        })
        const body = (await r.json()) as { ok: boolean }
        if (!body.ok) failed++
      }
      // Warm-up (statement cache, JIT), then the measured run.
      for (let i = 0; i < 200; i += CONNECTIONS) await Promise.all(Array.from({ length: CONNECTIONS }, one))
      n = 200
      const t0 = process.hrtime.bigint()
      const cpu0 = process.cpuUsage()
      const lane = async () => {
        while (n < 200 + SUBMITS) await one()
      }
      await Promise.all(Array.from({ length: CONNECTIONS }, lane))
      const s = Number(process.hrtime.bigint() - t0) / 1e9
      // CPU time of this process (server and client) per submit: steadier than the rate on a shared machine.
      const cpu = process.cpuUsage(cpu0)
      const cpuMsPerSubmit = Math.round(((cpu.user + cpu.system) / 1000 / SUBMITS) * 100) / 100
      console.log(
        JSON.stringify({
          size: SIZE,
          submits: SUBMITS,
          connections: CONNECTIONS,
          seconds: s,
          submitPerSecond: Math.round(SUBMITS / s),
          cpuMsPerSubmit,
          failed,
        }),
      )
    } finally {
      await srv.close()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
