// Configuration per area: the levels an area inherits, the nearest value winning, campaigns that only
// add, a level gone bad left out, one read per level per call; the public link prefix rule; the SQLite
// migration that made the single configuration of before the country level.
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { COUNTRY_AREA, CONFIG_SCOPES, configChain, configScope } from '../../shared/configScope'
import { defaultConfig } from '../../shared/config'
import { publicBaseUrlProblem } from '../../shared/publicBaseUrl'
import { ConfigResolver, campaignsCovering, effectiveOf } from '../../cloudfunctions/core/areaConfig'
import { isTopArea } from '../../cloudfunctions/core/configEdit'
import { SqliteStorage } from '../../cloudfunctions/core/storage/sqlite'
import { MIGRATIONS } from '../../cloudfunctions/core/storage/sqliteSchema'
import type { AreaConfig } from '../../cloudfunctions/core/ports'

test('an area inherits country → province → city → county', () => {
  expect(configChain('130602')).toEqual(['000000', '130000', '130600', '130602'])
  expect(configChain('130600')).toEqual(['000000', '130000', '130600'])
  expect(configChain('130000')).toEqual(['000000', '130000'])
  expect(configChain(COUNTRY_AREA)).toEqual(['000000'])
  expect(configChain('bad')).toEqual(['000000'])
})

test('every key of the configuration has a scope, and only area settings are a coordinator’s per area', () => {
  expect(Object.keys(CONFIG_SCOPES).sort()).toEqual(Object.keys(defaultConfig()).sort())
  expect(
    Object.entries(CONFIG_SCOPES)
      .filter(([, s]) => s === 'area')
      .map(([k]) => k)
      .sort(),
  ).toEqual(['campaign', 'cards', 'credit', 'deadlines', 'rateLimits', 'risk', 'service'])
  expect(configScope('publicBaseUrl')).toBeNull()
  expect(configScope('__proto__')).toBeNull()
  expect(configScope('notifications')).toBe('deployment')
  expect(configScope('holidays')).toBe('national')
})

const level = (areaCode: string, value: unknown) => ({ areaCode, value })

test('the nearest set value wins; a county or city keeps only area settings; a level gone bad is left out', () => {
  const logged: string[] = []
  const c = effectiveOf(
    '130602',
    [
      level('000000', { deadlines: { resolveDaysDefault: 12, autoCloseDays: 5 }, notifications: { templates: { alert: 'T-A' } } }),
      level('130000', { deadlines: { resolveDaysDefault: 11 } }),
      // A city cannot reach the deployment's settings, whatever its document says.
      level('130600', {
        deadlines: { resolveDaysDefault: 10 },
        notifications: { templates: { alert: 'EVIL' } },
        sms: { dailyPerPhone: 50 },
      }),
      level('130602', { cards: { redAfterDays: 3 }, rateLimits: { perWorkerPerHour: 'many' } }),
    ],
    (m) => logged.push(m),
  )
  expect(c.deadlines).toMatchObject({ resolveDaysDefault: 10, autoCloseDays: 5, resolveDaysPublic: 3 })
  expect(c.notifications.templates.alert).toBe('T-A')
  expect(c.sms.dailyPerPhone).toBe(defaultConfig().sms.dailyPerPhone)
  // The county's document fails as a whole (a bad rate limit), so its red card setting goes too.
  expect(c.cards.redAfterDays).toBe(defaultConfig().cards.redAfterDays)
  expect(logged).toEqual([expect.stringContaining('130602')])
  expect(effectiveOf('130602', []).deadlines).toEqual(defaultConfig().deadlines)
})

test('campaigns add up: every campaign at the area’s levels that covers it applies, the earliest end wins', () => {
  const levels = [
    level('000000', { campaign: { endsAt: '2027-02-01T00:00:00+08:00', areaCode: '110000' } }),
    level('130600', { campaign: { endsAt: '2027-01-20T00:00:00+08:00', areaCode: '130600' } }),
    level('130602', { campaign: { endsAt: '2027-01-25T00:00:00+08:00', areaCode: '130602' } }),
  ]
  expect(effectiveOf('130602', levels).campaign).toEqual({ endsAt: '2027-01-20T00:00:00+08:00', areaCode: '130600' })
  expect(campaignsCovering('130602', levels).map((c) => c.setAt)).toEqual(['130600', '130602'])
  // A city's campaign for one county covers that county only.
  const forOne = [level('130600', { campaign: { endsAt: '2027-01-10T00:00:00+08:00', areaCode: '130606' } })]
  expect(effectiveOf('130606', forOne).campaign).toMatchObject({ areaCode: '130606' })
  expect(effectiveOf('130602', forOne).campaign).toBeNull()
  expect(effectiveOf('130600', forOne).campaign).toBeNull()
  // A malformed campaign is none.
  expect(effectiveOf('130602', [level('130602', { campaign: { endsAt: 'soon', areaCode: '130602' } })]).campaign).toBeNull()
})

test('the resolver reads each level once per call and caches each area', async () => {
  const asked: string[][] = []
  const rows: AreaConfig[] = [
    { areaCode: '000000', value: { deadlines: { resolveDaysDefault: 12 } }, updatedAt: 'x' },
    { areaCode: '130602', value: { deadlines: { resolveDaysDefault: 20 } }, updatedAt: 'x' },
  ]
  const r = new ConfigResolver(async (codes) => {
    asked.push(codes)
    return rows.filter((x) => codes.includes(x.areaCode))
  })
  expect((await r.for(COUNTRY_AREA)).deadlines.resolveDaysDefault).toBe(12)
  expect((await r.for('130602')).deadlines.resolveDaysDefault).toBe(20)
  expect((await r.for('130606')).deadlines.resolveDaysDefault).toBe(12)
  await r.for('130602')
  expect(asked).toEqual([['000000'], ['130000', '130600', '130602'], ['130606']])
  expect(await r.own('130602')).toEqual({ deadlines: { resolveDaysDefault: 20 } })
  expect(await r.own('130600')).toEqual({})
  // A resolver over the whole table reads nothing more.
  const all = ConfigResolver.of(rows)
  expect((await all.for('130602')).deadlines.resolveDaysDefault).toBe(20)
})

test('a top coordinator’s area: no other working unit’s area contains it', () => {
  const depts = [
    { areaCode: '130600', kind: 'labour' as const, active: true },
    { areaCode: '130602', kind: 'labour' as const, active: true },
    { areaCode: '130000', kind: 'desk' as const, active: true },
    { areaCode: '130000', kind: 'labour' as const, active: false },
  ]
  expect(isTopArea('130600', depts)).toBe(true)
  expect(isTopArea('130602', depts)).toBe(false)
  expect(isTopArea('130600', [...depts, { areaCode: '130000', kind: 'labour', active: true }])).toBe(false)
})

test('the public link prefix: https; plain http only to this machine in development', () => {
  const prod = { allowLoopbackHttp: false }
  const dev = { allowLoopbackHttp: true }
  expect(publicBaseUrlProblem('https://xam.bd.gov.cn', prod)).toBeNull()
  expect(publicBaseUrlProblem('https://xam.bd.gov.cn/wx/', prod)).toBeNull()
  expect(publicBaseUrlProblem('http://127.0.0.1:8080', dev)).toBeNull()
  expect(publicBaseUrlProblem('http://localhost:8080', dev)).toBeNull()
  expect(publicBaseUrlProblem('http://[::1]:8080', dev)).toBeNull()
  for (const bad of [
    '',
    'xam.bd.gov.cn',
    'javascript:alert(1)',
    'JAVASCRIPT://x%0aalert(1)',
    'data:text/html,<script>',
    'http://evil.example.com',
    'http://127.0.0.1.evil.example.com',
    'ftp://xam.bd.gov.cn',
    'https://a:b@xam.bd.gov.cn',
    'https://xam.bd.gov.cn?x=1',
    'https://xam.bd.gov.cn/#top',
    'https://xam.bd.gov.cn/ a',
    `https://${'x'.repeat(300)}.cn`,
  ]) {
    expect([bad, publicBaseUrlProblem(bad, dev)]).toEqual([bad, expect.stringMatching(/公开网址/)])
  }
  expect(publicBaseUrlProblem('http://127.0.0.1:8080', prod)).toMatch(/https/)
})

test('SQLite: the single configuration of before becomes the country level', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xam-areaconfig-'))
  try {
    const file = path.join(dir, 'xinanma.db')
    const at = MIGRATIONS.findIndex((m) => m.includes('CREATE TABLE area_config'))
    expect(at).toBeGreaterThan(0)
    const old = new Database(file)
    for (let v = 0; v < at; v++) old.exec(MIGRATIONS[v])
    old.pragma(`user_version = ${at}`)
    const before = { deadlines: { resolveDaysDefault: 9 }, publicBaseUrl: 'http://evil.example.com', campaign: null }
    old.prepare('INSERT INTO config (id, value, updated_at) VALUES (1, ?, ?)').run(JSON.stringify(before), '2026-01-01T00:00:00.000Z')
    old.close()
    const s = new SqliteStorage(file)
    try {
      expect(await s.listAreaConfigs()).toEqual([{ areaCode: '000000', value: before, updatedAt: '2026-01-01T00:00:00.000Z' }])
      expect(s.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'config'").all()).toEqual([])
      // What it held applies everywhere; the link prefix it held is no setting any more.
      const c = effectiveOf('130602', await s.getAreaConfigs(configChain('130602')))
      expect(c.deadlines.resolveDaysDefault).toBe(9)
      expect(c).not.toHaveProperty('publicBaseUrl')
    } finally {
      s.close()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
