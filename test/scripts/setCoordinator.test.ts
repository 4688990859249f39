// The documented first-coordinator script, against a fresh SQLite file.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import { SqliteStorage } from '../../cloudfunctions/core/storage/sqlite'

test('npm run set-coordinator binds an OPENID as coordinator of a new department', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xam-coord-'))
  try {
    const out = execFileSync('npx', ['tsx', 'scripts/set-coordinator.ts', '--openid', 'oFirstCoord01', '--dept-name', '保定市人社局', '--area', '130600'], {
      cwd: path.resolve(__dirname, '../..'), env: { ...process.env, DATA_DIR: dir }, encoding: 'utf8',
    })
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
        cwd: path.resolve(__dirname, '../..'), env: { ...process.env, DATA_DIR: dir }, encoding: 'utf8', stdio: 'pipe',
      }),
    ).toThrow(/六位地区代码/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
