// The deployment files agree with the code: cloudbaserc.json is what scripts/deploy.js renders from
// the function configs and database/collections.json, every function and collection the code uses is
// deployed, and clients can read or write no collection.
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { COLLECTIONS } from '../../cloudfunctions/core/storage/cloudbase'

const root = path.resolve(__dirname, '../..')
const json = (f: string) => JSON.parse(readFileSync(path.join(root, f), 'utf8'))
const deploy = require('../../scripts/deploy.js') as {
  rcText(): string
  renderCloudbaserc(): any
  deployPlan(o: { env: string; cli: string[]; only?: string | null; login?: { id: string; key: string } | null }): { args: string[] }[]
  FUNCTIONS: string[]
}
const build = require('../../scripts/build-functions.js') as { FUNCTIONS: string[] }

test('cloudbaserc.json is current (npm run deploy rewrites it from its sources)', () => {
  expect(readFileSync(path.join(root, 'cloudbaserc.json'), 'utf8')).toBe(deploy.rcText())
})

test('every deployable function is built, configured and deployed', () => {
  const dirs = readdirSync(path.join(root, 'cloudfunctions')).filter((d) => existsSync(path.join(root, 'cloudfunctions', d, 'index.ts')))
  expect([...deploy.FUNCTIONS].sort()).toEqual([...dirs].sort())
  expect(build.FUNCTIONS).toEqual(deploy.FUNCTIONS)
  const rc = json('cloudbaserc.json')
  expect(rc.envId).toBe('{{env.TCB_ENV}}')
  expect(rc.functionRoot).toBe('./cloudfunctions/dist')
  expect(rc.functions.map((f: any) => f.name)).toEqual(deploy.FUNCTIONS)
  for (const f of rc.functions) {
    const c = json(`cloudfunctions/${f.name}/config.json`)
    expect(f).toMatchObject({
      runtime: 'Nodejs18.15',
      installDependency: true,
      handler: 'index.main',
      timeout: c.timeout,
      memorySize: c.memorySize,
    })
    expect(c.timeout).toBeLessThanOrEqual(60)
    // Sign-in sends no WeChat message: the auth function has no cloud-call permission.
    // Nor does the Open311 API (its messages to officials go through the outbox, sent by the scheduler).
    if (f.name === 'auth' || f.name === 'open311') expect(c.permissions).toBeUndefined()
    // The worker function also turns the phone button's code into the number (phonenumber.getPhoneNumber).
    else if (f.name === 'worker') expect(c.permissions).toEqual({ openapi: ['subscribeMessage.send', 'phonenumber.getPhoneNumber'] })
    else expect(c.permissions).toEqual({ openapi: ['subscribeMessage.send'] })
    // Every function that takes callers checks session tokens with the secret given at deploy time; every
    // function prints links with the deployment's public prefix (PUBLIC_BASE_URL, never a coordinator's).
    // The Open311 API takes no sessions: its callers are API keys.
    if (f.name === 'open311') expect(f.envVariables).toEqual({ PUBLIC_BASE_URL: '{{env.PUBLIC_BASE_URL}}' })
    else if (f.name !== 'scheduler')
      expect(f.envVariables).toEqual({ SESSION_SECRET: '{{env.SESSION_SECRET}}', PUBLIC_BASE_URL: '{{env.PUBLIC_BASE_URL}}' })
    else expect(f.envVariables).toEqual({ PUBLIC_BASE_URL: '{{env.PUBLIC_BASE_URL}}' })
  }
  expect(rc.functions.find((f: any) => f.name === 'scheduler').triggers).toEqual([
    { name: 'every10min', type: 'timer', config: '0 */10 * * * * *' },
  ])
})

test('collections.json declares exactly the adapter’s collections, at most 20 indexes each, none readable or writable by clients', () => {
  const db = json('database/collections.json')
  expect(db.rules).toEqual({ read: false, write: false })
  expect(db.collections.map((c: any) => c.name).sort()).toEqual([...COLLECTIONS].sort())
  for (const c of db.collections) {
    expect(c.indexes.length).toBeLessThanOrEqual(20)
    expect(new Set(c.indexes.map((i: any) => i.name)).size).toBe(c.indexes.length)
    for (const i of c.indexes) {
      expect(i.for).toEqual(expect.any(String))
      for (const [k, d] of i.keys) expect([typeof k, d === 1 || d === -1]).toEqual(['string', true])
    }
  }
  const plugin = json('cloudbaserc.json').framework.plugins.database
  expect(plugin.use).toBe('@cloudbase/framework-plugin-database')
  expect(plugin.inputs.collections.map((c: any) => c.collectionName)).toEqual(db.collections.map((c: any) => c.name))
  for (const c of plugin.inputs.collections) {
    expect(c).toMatchObject({ aclTag: 'CUSTOM', aclRule: '{"read":false,"write":false}' })
    expect(c.description.length).toBeLessThanOrEqual(128)
  }
})

test('the deployment runs the CLI: login with keys when given, database, then each function', () => {
  const plan = deploy.deployPlan({ env: 'env-1', cli: ['tcb'], login: { id: 'AKID', key: 'secret' } }).map((s) => s.args.join(' '))
  expect(plan).toEqual([
    'tcb login --apiKeyId AKID --apiKey secret',
    'tcb framework deploy -e env-1',
    'tcb fn deploy worker -e env-1 --force',
    'tcb fn deploy staff -e env-1 --force',
    'tcb fn deploy admin -e env-1 --force',
    'tcb fn deploy auth -e env-1 --force',
    'tcb fn deploy open311 -e env-1 --force',
    'tcb fn deploy scheduler -e env-1 --force',
    'tcb service create -p /open311 -f open311 -e env-1',
  ])
  expect(deploy.deployPlan({ env: 'e', cli: ['npx', '--yes', '@cloudbase/cli'], only: 'database' }).map((s) => s.args.join(' '))).toEqual([
    'npx --yes @cloudbase/cli framework deploy -e e',
  ])
})

test('the deploy script lists every step still done by hand, the photo storage permission among them', () => {
  const { AFTER } = require('../../scripts/deploy.js') as { AFTER: (env: string) => string }
  const text = AFTER('env-1')
  for (const step of ['云调用权限', '订阅消息模板', '第一位联席办人员', '仅创建者可读写']) expect(text).toContain(step)
})

test('the deployment refuses to deploy the functions without an https PUBLIC_BASE_URL (environment or .env files)', () => {
  const { publicBaseUrlCheck } = require('../../scripts/deploy.js') as {
    publicBaseUrlCheck: (env: Record<string, string | undefined>, dir?: string) => { value: string | null; problem: string | null }
  }
  const { mkdtempSync, writeFileSync, rmSync } = require('node:fs') as typeof import('node:fs')
  const dir = mkdtempSync(path.join(require('node:os').tmpdir(), 'xam-deploy-'))
  try {
    expect(publicBaseUrlCheck({ PUBLIC_BASE_URL: 'https://xam.bd.gov.cn' }, dir)).toEqual({ value: 'https://xam.bd.gov.cn', problem: null })
    for (const bad of ['javascript:alert(1)', 'http://xam.bd.gov.cn', 'https://a@xam.bd.gov.cn', 'https://xam.bd.gov.cn/?x=1']) {
      expect(publicBaseUrlCheck({ PUBLIC_BASE_URL: bad }, dir).problem).toMatch(/https/)
    }
    expect(publicBaseUrlCheck({}, dir).problem).toMatch(/PUBLIC_BASE_URL/)
    writeFileSync(path.join(dir, '.env.local'), 'SESSION_SECRET=x\nPUBLIC_BASE_URL="https://xam.bd.gov.cn/wx"\n')
    expect(publicBaseUrlCheck({}, dir)).toEqual({ value: 'https://xam.bd.gov.cn/wx', problem: null })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('the web part of a deployment: the h5 build to static hosting, then the public domain’s routes to functions and page', () => {
  const { deployPlan, webRoutes, WEB_FUNCTIONS } = require('../../scripts/deploy.js') as {
    deployPlan: (o: object) => { args: string[]; mayFail?: boolean }[]
    webRoutes: (o: { domain: string; env: string }) => { domain: string; routes: Record<string, any>[] }
    WEB_FUNCTIONS: string[]
  }
  const web = deployPlan({ env: 'env-1', cli: ['tcb'], only: 'web', web: { domain: 'xam.bd.gov.cn' } })
  expect(web.map((s) => s.args.slice(0, 7).join(' '))).toEqual([
    'tcb hosting deploy miniprogram/dist/h5 / -e env-1',
    'tcb routes add -e env-1 --data ' + web[1]!.args[6],
  ])
  // A route made by an earlier deployment is no failure.
  expect(web[1]!.mayFail).toBe(true)
  const routes = JSON.parse(web[1]!.args[6]!)
  expect(routes).toEqual(webRoutes({ domain: 'xam.bd.gov.cn', env: 'env-1' }))
  expect(routes.domain).toBe('xam.bd.gov.cn')
  const byPath = Object.fromEntries(routes.routes.map((r: any) => [r.path, r]))
  expect(Object.keys(byPath)).toEqual(['/api/worker', '/api/staff', '/api/admin', '/api/auth', '/q', '/c', '/'])
  expect(WEB_FUNCTIONS).toEqual(['worker', 'staff', 'admin', 'auth'])
  for (const fn of WEB_FUNCTIONS) {
    // The function reads the whole path (and checks identity itself: the gateway's own authentication is off).
    expect(byPath[`/api/${fn}`]).toMatchObject({
      upstreamResourceType: 'SCF',
      upstreamResourceName: fn,
      enablePathTransmission: true,
      enableAuth: false,
    })
  }
  expect(byPath['/api/auth'].qpsPolicy).toEqual({ qpsTotal: 500, qpsPerClient: { limitBy: 'ClientIP', limitValue: 10 } })
  expect(byPath['/q']).toMatchObject({ upstreamResourceType: 'SCF', upstreamResourceName: 'worker', enablePathTransmission: true })
  expect(byPath['/c']).toMatchObject({ upstreamResourceType: 'SCF', upstreamResourceName: 'worker', enablePathTransmission: true })
  expect(byPath['/']).toMatchObject({ upstreamResourceType: 'STATIC_STORE', upstreamResourceName: 'env-1' })
  // The scheduler and the coordinators' site import are never on the web.
  expect(routes.routes.map((r: any) => r.upstreamResourceName)).not.toContain('scheduler')

  // A full deployment ends with the web part; --only database or functions leaves it out.
  const full = deployPlan({ env: 'env-1', cli: ['tcb'], only: null, web: { domain: 'xam.bd.gov.cn' } }).map((s) =>
    s.args.slice(0, 3).join(' '),
  )
  expect(full.slice(-2)).toEqual(['tcb hosting deploy', 'tcb routes add'])
  for (const only of ['database', 'functions']) {
    expect(deployPlan({ env: 'env-1', cli: ['tcb'], only, web: { domain: 'xam.bd.gov.cn' } }).some((s) => s.args.includes('hosting'))).toBe(
      false,
    )
  }
})

test('the functions are not deployed without a session secret of 32 characters or more (environment or .env files)', () => {
  const { sessionSecretCheck } = require('../../scripts/deploy.js') as {
    sessionSecretCheck: (env: Record<string, string | undefined>, dir?: string) => { problem: string | null }
  }
  const { mkdtempSync, writeFileSync, rmSync } = require('node:fs') as typeof import('node:fs')
  const dir = mkdtempSync(path.join(require('node:os').tmpdir(), 'xam-deploy-'))
  try {
    expect(sessionSecretCheck({}, dir).problem).toBe('没有设置 SESSION_SECRET')
    expect(sessionSecretCheck({ SESSION_SECRET: 'short' }, dir).problem).toBe('SESSION_SECRET 太短，至少32个字符')
    expect(sessionSecretCheck({ SESSION_SECRET: 'x'.repeat(32) }, dir).problem).toBeNull()
    writeFileSync(path.join(dir, '.env.local'), `PUBLIC_BASE_URL=https://x.cn\nSESSION_SECRET='${'a'.repeat(64)}'\n`)
    expect(sessionSecretCheck({}, dir).problem).toBeNull()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
