// The command-line tools' --cloudbase mode: the same code on the CloudBase adapter. Without an
// environment and keys they refuse plainly (and load no SDK); the coordinator script's logic runs
// here on the CloudBase adapter over the in-memory server (a real environment is not reachable here).
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { COLLECTIONS, CloudbaseStorage } from '../../cloudfunctions/core/storage/cloudbase'
import { FakeCloudbaseServer, fakeDocDb } from '../contract/fakeCloudbase'
import { setCoordinator } from '../../scripts/set-coordinator'
import { main as sitesImport } from '../../scripts/sites-import'
import { main as stickers } from '../../scripts/stickers'

const ROOT = path.resolve(__dirname, '../..')
const noKeys = () => {
  const env = { ...process.env }
  delete env.TCB_ENV
  delete env.TENCENTCLOUD_SECRETID
  delete env.TENCENTCLOUD_SECRETKEY
  return env
}

test('set-coordinator --cloudbase without an environment and keys says what to set, exit code 2', () => {
  const r = spawnSync(
    'npx',
    ['tsx', 'scripts/set-coordinator.ts', '--cloudbase', '--openid', 'oFirstCoord01', '--dept-name', '保定市人社局', '--area', '130600'],
    {
      cwd: ROOT,
      env: noKeys(),
      encoding: 'utf8',
    },
  )
  expect(r.status).toBe(2)
  expect(r.stderr).toMatch(/TCB_ENV.*TENCENTCLOUD_SECRETID.*TENCENTCLOUD_SECRETKEY/)
})

test('sites:import and stickers --cloudbase without keys refuse the same way', async () => {
  const saved = noKeys()
  const keep = { ...process.env }
  process.env = saved
  try {
    const errs: string[] = []
    expect(
      await sitesImport(
        ['scripts/templates/sites-template.csv', '--cloudbase'],
        () => undefined,
        (s) => errs.push(s),
      ),
    ).toBe(2)
    expect(
      await stickers(
        ['--all', '--layout', 'helmet', '--cloudbase'],
        () => undefined,
        (s) => errs.push(s),
      ),
    ).toBe(2)
    expect(errs.join('\n')).toMatch(/TCB_ENV/)
  } finally {
    process.env = keep
  }
})

test('the first coordinator set on the CloudBase adapter', async () => {
  const server = new FakeCloudbaseServer()
  const db = fakeDocDb(server)
  for (const c of COLLECTIONS) await db.createCollection(c)
  const storage = new CloudbaseStorage(db)
  const r = await setCoordinator(storage, { openid: 'oFirstCoord01', deptName: '保定市人社局', area: '130600' })
  expect(await storage.getUser('oFirstCoord01')).toMatchObject({ role: 'coordinator', deptId: r.deptId })
  expect((await storage.listDepts()).map((d) => [d.name, d.areaCode, d.kind])).toEqual([['保定市人社局', '130600', 'labour']])
  // Again: the department is found, not created twice.
  await setCoordinator(storage, { openid: 'oSecondCoord2', deptName: '保定市人社局', area: '130600' })
  expect(await storage.listDepts()).toHaveLength(1)
})
