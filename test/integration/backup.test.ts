// Backups of the single-server deployment: `npm run backup` copies the live database through SQLite's
// online backup API while the production server runs and writes, and the photos; `npm run restore` puts
// the copy into a fresh data folder, and a fresh production server on it passes the journey: the worker
// signs in again by SMS code and sees the complaint, the inspector accepts it, numbering goes on.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { FakeWeChatApi, startProductionServer, type ProductionServer } from '../helpers/productionServer'
import { personaOpenid } from '../../cloudfunctions/core/seed'

const root = path.resolve(__dirname, '../..')
const PHONE = '13712340000'
const dirs: string[] = []
const servers: ProductionServer[] = []
afterAll(async () => {
  for (const s of servers) await s.close({ keepData: true }).catch(() => undefined)
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})
const tempDir = (name: string) => {
  const d = mkdtempSync(path.join(tmpdir(), `xam-${name}-`))
  dirs.push(d)
  return d
}

/** `npm run <script>` (tsx scripts/<file>.ts) as its own process: exit code and what it printed. */
function run(script: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), `scripts/${script}.ts`, ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '' } as unknown as NodeJS.ProcessEnv,
    })
    let out = ''
    child.stdout.on('data', (b) => (out += b))
    child.stderr.on('data', (b) => (out += b))
    child.on('exit', (code) => resolve({ code, out }))
  })
}

async function signIn(srv: ProductionServer, phone: string): Promise<string> {
  expect(await srv.call('auth', 'sms.request', { phone })).toMatchObject({ ok: true })
  const r = await srv.call('auth', 'sms.verify', { phone, code: srv.lastCode(phone) })
  expect(r.ok).toBe(true)
  return r.data.token
}

const complaint = (siteCode: string, n: number) => ({
  clientRequestId: `backup-test-${n}-request`,
  siteCode,
  placement: 'board',
  complainant: { name: '孙师傅', phone: PHONE },
  workerCount: 4,
  amountOwedFen: 2_000_000,
  owedSince: '2026-08',
})

test('a backup taken while the server writes, restored into a fresh server, passes the journey', async () => {
  const wechat = new FakeWeChatApi()
  const dataA = tempDir('data-a')
  const a = await startProductionServer({ dataDir: dataA, wechat, seed: true, now: '2026-11-04T09:00:00+08:00' })
  servers.push(a)
  const siteCode = (await a.storage.listSites('13', 10))[0]!.code
  const worker = await signIn(a, PHONE)
  const filed = await a.call('worker', 'complaint.submit', complaint(siteCode, 1), worker)
  expect(filed.ok).toBe(true)
  // A photo, stored under $DATA_DIR/uploads.
  const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)])
  const up = await (
    await fetch(`${a.baseUrl}/upload`, {
      method: 'POST',
      headers: { 'Content-Type': 'image/jpeg', Authorization: `Bearer ${worker}` },
      body: jpeg,
    })
  ).json()
  expect(up.ok).toBe(true)

  // Online: the backup runs while complaints keep coming in.
  const backups = tempDir('backups')
  const writing = Promise.all([2, 3, 4, 5].map((n) => a.call('worker', 'complaint.submit', complaint(siteCode, n), worker)))
  const made = await run('backup', ['--data-dir', dataA, '--out', backups])
  await writing
  expect(made).toMatchObject({ code: 0, out: expect.stringContaining('备份完成') })
  const [file] = readdirSync(backups).filter((n) => n.endsWith('.db'))
  expect(file).toMatch(/^xinanma-\d{8}T\d{6}Z\.db$/)
  expect(readdirSync(path.join(backups, 'uploads'))).toEqual([up.data.fileId.slice('local:'.length)])
  await a.close({ keepData: true })
  servers.splice(servers.indexOf(a), 1)

  // Restore into an empty folder; a fresh production server takes it.
  const dataB = tempDir('data-b')
  const restored = await run('restore', ['--from', path.join(backups, file!), '--data-dir', dataB])
  expect(restored).toMatchObject({ code: 0, out: expect.stringContaining('恢复完成') })
  expect(existsSync(path.join(dataB, 'uploads', up.data.fileId.slice('local:'.length)))).toBe(true)
  const b = await startProductionServer({ dataDir: dataB, wechat, now: '2026-11-04T15:00:00+08:00' })
  servers.push(b)

  // The same phone signs in again (the code goes to this server's sms.jsonl) and finds its complaint.
  const again = await signIn(b, PHONE)
  const mine = (await b.call('worker', 'complaint.listMine', {}, again)).data.items
  expect(mine.map((i: any) => i.caseNo)).toContain(filed.data.caseNo)
  const inBackup = mine.length
  expect(inBackup).toBeGreaterThanOrEqual(1)

  // The inspector signs in from the mini-program and accepts it.
  const inspector = (await b.call('auth', 'wx.login', { code: wechat.issue(personaOpenid('inspector')) })).data.token
  const queue = (await b.call('staff', 'queue.list', { view: 'to_accept' }, inspector)).data.items
  const row = queue.find((i: any) => i.caseNo === filed.data.caseNo)
  expect(row).toBeTruthy()
  expect(await b.call('staff', 'complaint.accept', { id: row.id, version: row.version }, inspector)).toMatchObject({
    ok: true,
    data: { status: 'accepted' },
  })
  expect((await b.call('worker', 'complaint.get', { id: filed.data.id }, again)).data.status).toBe('accepted')

  // Numbering goes on after the last case in the backup.
  const next = await b.call('worker', 'complaint.submit', complaint(siteCode, 9), again)
  const numbers = mine.map((i: any) => Number(i.caseNo.slice(-5)))
  expect(Number(next.data.caseNo.slice(-5))).toBe(Math.max(...numbers) + 1)
}, 120000)

test('restore refuses a damaged backup, and an existing database unless told; then keeps that one aside', async () => {
  const backups = tempDir('bk2')
  const data = tempDir('data-c')
  const a = await startProductionServer({ dataDir: data, seed: true })
  await a.close({ keepData: true })
  const made = await run('backup', ['--data-dir', data, '--out', backups, '--keep', '1'])
  expect(made.code).toBe(0)
  const file = path.join(
    backups,
    readdirSync(backups).find((n) => n.endsWith('.db'))!,
  )

  const damaged = path.join(backups, 'damaged.db')
  writeFileSync(damaged, 'this is not a database')
  const bad = await run('restore', ['--from', damaged, '--data-dir', tempDir('data-d')])
  expect(bad.code).toBe(1)
  expect(bad.out).toContain('备份文件不能用')

  const exists = await run('restore', ['--from', file, '--data-dir', data])
  expect(exists.code).toBe(1)
  expect(exists.out).toContain('已经有数据库')
  const forced = await run('restore', ['--from', file, '--data-dir', data, '--force'])
  expect(forced.code).toBe(0)
  expect(readdirSync(data).filter((n) => n.startsWith('xinanma.db.before-restore-'))).toHaveLength(1)

  expect((await run('backup', ['--data-dir', tempDir('empty'), '--out', backups])).out).toContain('没有找到数据库')
  expect((await run('restore', [])).code).toBe(2)
}, 120000)
