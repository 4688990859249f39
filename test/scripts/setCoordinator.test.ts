// The documented first-coordinator script, against a fresh SQLite file.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import { SqliteStorage } from '../../cloudfunctions/core/storage/sqlite'

test('npm run set-coordinator binds an OPENID as coordinator of a new department', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xam-coord-'))
  try {
    const out = execFileSync(
      'npx',
      ['tsx', 'scripts/set-coordinator.ts', '--openid', 'oFirstCoord01', '--dept-name', '保定市人社局', '--area', '130600'],
      {
        cwd: path.resolve(__dirname, '../..'),
        env: { ...process.env, DATA_DIR: dir },
        encoding: 'utf8',
      },
    )
    expect(out).toContain('已设置联席办人员：oFirstCoord01')
    const s = new SqliteStorage(path.join(dir, 'xinanma.db'))
    const u = await s.getUser('oFirstCoord01')
    expect(u).toMatchObject({ role: 'coordinator' })
    const dept = (await s.listDepts()).find((d) => d.id === u!.deptId)
    expect(dept).toMatchObject({ name: '保定市人社局', areaCode: '130600', kind: 'labour' })
    s.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('a bad area code is refused with a plain message', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xam-coord-'))
  try {
    expect(() =>
      execFileSync('npx', ['tsx', 'scripts/set-coordinator.ts', '--openid', 'oFirstCoord01', '--dept-name', '某局', '--area', '12'], {
        cwd: path.resolve(__dirname, '../..'),
        env: { ...process.env, DATA_DIR: dir },
        encoding: 'utf8',
        stdio: 'pipe',
      }),
    ).toThrow(/六位地区代码/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('--phone makes the first coordinator of a server without the mini-program: they sign in from a browser with an SMS code', async () => {
  const { startProductionServer } = await import('../helpers/productionServer')
  const dir = mkdtempSync(path.join(tmpdir(), 'xam-coord-'))
  try {
    const out = execFileSync(
      'npx',
      ['tsx', 'scripts/set-coordinator.ts', '--phone', '139 0000 8888', '--dept-name', '保定市人社局', '--area', '130600'],
      {
        cwd: path.resolve(__dirname, '../..'),
        env: { ...process.env, DATA_DIR: dir },
        encoding: 'utf8',
      },
    )
    expect(out).toContain('已设置联席办人员：手机号 13900008888')
    const srv = await startProductionServer({ dataDir: dir })
    try {
      expect((await srv.call('auth', 'sms.request', { phone: '13900008888' })).ok).toBe(true)
      const session = await srv.call('auth', 'sms.verify', { phone: '13900008888', code: srv.lastCode('13900008888') })
      expect(await srv.call('staff', 'me', {}, session.data.token)).toMatchObject({
        ok: true,
        data: { role: 'coordinator', dept: { name: '保定市人社局' } },
      })
    } finally {
      await srv.close({ keepData: true })
    }
    expect(() =>
      execFileSync('npx', ['tsx', 'scripts/set-coordinator.ts', '--phone', '1390000', '--dept-name', '某局', '--area', '130600'], {
        cwd: path.resolve(__dirname, '../..'),
        env: { ...process.env, DATA_DIR: dir },
        encoding: 'utf8',
        stdio: 'pipe',
      }),
    ).toThrow(/手机号应为11位/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}, 60000)
