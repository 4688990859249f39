// The deployable bundles (npm test runs `npm run build:functions` first): each is copied to a clean
// folder with only what its package.json declares, required, and called with malformed events.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { execFileSync } from 'node:child_process'

const root = path.resolve(__dirname, '../..')
const dist = path.join(root, 'cloudfunctions', 'dist')
const FUNCTIONS = ['worker', 'staff', 'admin', 'auth', 'open311', 'scheduler']

/** Runs in a child process so that its require cache shows exactly what the bundle loaded. */
const PROBE = `
const fn = require(process.argv[1]);
const events = JSON.parse(process.argv[2]);
(async () => {
  const replies = [];
  for (const e of events) replies.push(await fn.main(e, {}));
  const loaded = Object.keys(require.cache).filter((k) => /node_modules/.test(k));
  console.log(JSON.stringify({ replies, loaded }));
})().catch((e) => { console.log(JSON.stringify({ crashed: String(e) })); });
`

test.each(FUNCTIONS)('the %s bundle stands alone, answers VALIDATION and initialises no cloud SDK', (name) => {
  const dir = path.join(dist, name)
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'))
  expect(pkg.main).toBe('index.js')
  // The scheduler delivers SMS and auth sends sign-in codes: they declare the Tencent Cloud SMS SDK, which no bundle contains.
  expect(Object.keys(pkg.dependencies)).toEqual(
    name === 'scheduler' || name === 'auth' ? ['@cloudbase/node-sdk', 'tencentcloud-sdk-nodejs-sms'] : ['@cloudbase/node-sdk'],
  )
  expect(readFileSync(path.join(dir, 'index.js'), 'utf8')).not.toMatch(/TencentCloudSDKHttpException/)
  expect(statSync(path.join(dir, 'index.js')).size).toBeLessThan(1024 * 1024)
  const config = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8'))
  if (name === 'scheduler') expect(config.triggers[0]).toMatchObject({ type: 'timer', config: '0 */10 * * * * *' })

  const clean = mkdtempSync(path.join(tmpdir(), `xam-fn-${name}-`))
  try {
    cpSync(dir, clean, { recursive: true })
    mkdirSync(path.join(clean, 'node_modules', '@cloudbase'), { recursive: true })
    // Only the declared dependency is present, as CloudBase installs it.
    symlinkSync(path.join(root, 'node_modules', '@cloudbase', 'node-sdk'), path.join(clean, 'node_modules', '@cloudbase', 'node-sdk'))
    expect(readFileSync(path.join(clean, 'index.js'), 'utf8')).not.toMatch(/better_sqlite3\.node|require\("better-sqlite3"\)/)

    const malformed =
      name === 'scheduler'
        ? []
        : [
            null,
            'x',
            { action: 42 },
            { action: 'complaint.submit', data: { clientRequestId: 1 }, userInfo: { openId: 'o1' } },
            { action: 'nope', data: {} },
          ]
    const out = JSON.parse(
      execFileSync(process.execPath, ['-e', PROBE, path.join(clean, 'index.js'), JSON.stringify(malformed)], {
        cwd: clean,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '' } as unknown as NodeJS.ProcessEnv,
      }),
    )
    expect(out.crashed).toBeUndefined()
    for (const [i, reply] of out.replies.entries()) {
      // A userInfo in the event identifies no one: the worker's submit is refused as unauthenticated before its
      // data is read (the other functions have no such action).
      expect(reply).toMatchObject({ ok: false, error: { code: i === 3 && name === 'worker' ? 'UNAUTHENTICATED' : 'VALIDATION' } })
      expect(reply.error.message).toMatch(/[\u4e00-\u9fa5]/)
    }
    expect(out.loaded.filter((k: string) => k.includes('@cloudbase'))).toEqual([])
  } finally {
    rmSync(clean, { recursive: true, force: true })
  }
})

/** Source files esbuild put into a function's bundle (written by scripts/build-functions.js). */
const inputsOf = (name: string): string[] => JSON.parse(readFileSync(path.join(dist, `${name}.inputs.json`), 'utf8'))

test('each function ships only its own actions: no site import, spreadsheet or sticker code in the worker bundle', () => {
  const worker = inputsOf('worker')
  expect(worker.some((f) => f.endsWith('cloudfunctions/core/actions/worker.ts'))).toBe(true)
  const foreign = [
    /actions\/(staff|admin)\.ts$/,
    /siteImport/,
    /xlsx/,
    /ledger\.ts$/,
    /sticker/i,
    /node_modules\/(qrcode|fflate|fast-xml-parser|papaparse|pdfkit)\//,
  ]
  for (const pattern of foreign) expect(worker.filter((f) => pattern.test(f))).toEqual([])
  // The staff bundle has the ledger export but not the coordinators' site import; admin not the staff actions.
  const staff = inputsOf('staff')
  expect(staff.filter((f) => /siteImport|actions\/(admin|worker)\.ts$/.test(f))).toEqual([])
  expect(inputsOf('admin').filter((f) => /actions\/(staff|worker)\.ts$/.test(f))).toEqual([])
  // Sign-in carries no case handling at all.
  expect(inputsOf('auth').filter((f) => /actions\/(staff|worker|admin)\.ts$|intake|moves|siteImport|xlsx/.test(f))).toEqual([])
})
