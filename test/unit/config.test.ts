import { configSchema, defaultConfig, parseConfig, yearScheduleSchema } from '../../shared/config'

describe('defaultConfig: the numbers of DOMAIN.md', () => {
  const c = defaultConfig()

  it('deadlines', () => {
    expect(c.deadlines).toEqual({
      acceptWorkingDays: 1,
      resolveDaysPublic: 3,
      resolveDaysComplex: 7,
      resolveDaysDefault: 15,
      autoCloseDays: 7,
      disputeAfterCloseDays: 30,
      referralFollowUpDays: 30,
    })
  })

  it('cards: red 10 days past the deadline', () => {
    expect(c.cards.redAfterDays).toBe(10)
  })

  it('risk thresholds and immediate-report triggers', () => {
    expect(c.risk.general).toEqual({ months: 1, minWorkers: 10 })
    expect(c.risk.major).toEqual({ months: 2, minWorkers: 30 })
    expect(c.risk.severe).toEqual({ months: 3, minWorkers: 50 })
    expect(c.risk.reportWorkers).toBe(50)
    expect(c.risk.reportMonths).toBe(3)
    expect(c.risk.reportMonthsAlone).toBe(2)
    expect(c.risk.reportComplaintsPerEmployer).toBe(3)
    expect(c.risk.reportWindowDays).toBe(30)
  })

  it('Beijing time, no campaign, no extra holiday years', () => {
    expect(c.timezone).toBe('Asia/Shanghai')
    expect(c.campaign).toBeNull()
    expect(c.holidays).toEqual({})
  })

  it('parseConfig of nothing equals the defaults', () => {
    expect(parseConfig(undefined)).toEqual(c)
    expect(parseConfig(null)).toEqual(c)
    expect(parseConfig({})).toEqual(c)
  })

  it('returns a fresh object each time', () => {
    const a = defaultConfig()
    a.deadlines.resolveDaysDefault = 99
    expect(defaultConfig().deadlines.resolveDaysDefault).toBe(15)
  })
})

describe('partial input fills the defaults', () => {
  it('one deadline changed, the others default', () => {
    const c = parseConfig({ deadlines: { resolveDaysDefault: 20 } })
    expect(c.deadlines).toEqual({
      acceptWorkingDays: 1,
      resolveDaysPublic: 3,
      resolveDaysComplex: 7,
      resolveDaysDefault: 20,
      autoCloseDays: 7,
      disputeAfterCloseDays: 30,
      referralFollowUpDays: 30,
    })
    expect(c.cards.redAfterDays).toBe(10)
    expect(c.risk.severe).toEqual({ months: 3, minWorkers: 50 })
  })

  it('one risk level partly changed', () => {
    const c = parseConfig({ risk: { major: { minWorkers: 40 } } })
    expect(c.risk.major).toEqual({ months: 2, minWorkers: 40 })
    expect(c.risk.general).toEqual({ months: 1, minWorkers: 10 })
    expect(c.risk.reportWorkers).toBe(50)
  })

  it('campaign and holidays given, everything else default', () => {
    const c = parseConfig({
      campaign: { endsAt: '2027-02-05T18:00:00+08:00', areaCode: '130600' },
      holidays: { '2027': { holidays: ['2027-01-01'] } },
    })
    expect(c.campaign).toEqual({ endsAt: '2027-02-05T18:00:00+08:00', areaCode: '130600' })
    expect(c.holidays).toEqual({ '2027': { holidays: ['2027-01-01'], workdays: [] } })
    expect(c.deadlines.acceptWorkingDays).toBe(1)
  })

  it('a campaign can be switched off with null', () => {
    expect(parseConfig({ campaign: null }).campaign).toBeNull()
  })
})

describe('invalid values are rejected', () => {
  const bad: [string, unknown][] = [
    ['negative resolve days', { deadlines: { resolveDaysDefault: -1 } }],
    ['zero resolve days', { deadlines: { resolveDaysPublic: 0 } }],
    ['negative complex days', { deadlines: { resolveDaysComplex: -7 } }],
    ['zero accept working days', { deadlines: { acceptWorkingDays: 0 } }],
    ['fractional accept working days', { deadlines: { acceptWorkingDays: 1.5 } }],
    ['negative autoClose days', { deadlines: { autoCloseDays: -7 } }],
    ['days given as a string', { deadlines: { resolveDaysDefault: '15' } }],
    ['negative red-card days', { cards: { redAfterDays: -10 } }],
    ['zero red-card days', { cards: { redAfterDays: 0 } }],
    ['negative risk months', { risk: { general: { months: -1 } } }],
    ['fractional risk workers', { risk: { major: { minWorkers: 30.5 } } }],
    ['another timezone', { timezone: 'UTC' }],
    ['campaign date without time', { campaign: { endsAt: '2027-02-05', areaCode: '130600' } }],
    ['campaign date without offset', { campaign: { endsAt: '2027-02-05T18:00:00', areaCode: '130600' } }],
    ['campaign month 13', { campaign: { endsAt: '2027-13-05T18:00:00+08:00', areaCode: '130600' } }],
    ['campaign not a date', { campaign: { endsAt: 'before Spring Festival', areaCode: '130600' } }],
    ['campaign without area', { campaign: { endsAt: '2027-02-05T18:00:00+08:00' } }],
    ['campaign area not 6 digits', { campaign: { endsAt: '2027-02-05T18:00:00+08:00', areaCode: '1306' } }],
    ['holiday year key not 4 digits', { holidays: { '27': { holidays: [] } } }],
    ['holiday date with slashes', { holidays: { '2027': { holidays: ['2027/01/01'] } } }],
    ['workday date without padding', { holidays: { '2027': { workdays: ['2027-2-7'] } } }],
    ['holidays not a list', { holidays: { '2027': { holidays: '2027-01-01' } } }],
    ['SMS link prefix a script', { sms: { linkBase: 'javascript:alert(1)' } }],
    ['SMS link prefix plain http', { sms: { linkBase: 'http://evil.cn' } }],
  ]
  it.each(bad)('%s', (_n, input) => {
    expect(() => parseConfig(input)).toThrow()
    expect(configSchema.safeParse(input).success).toBe(false)
  })

  it('the valid neighbours of those values are accepted', () => {
    expect(parseConfig({ deadlines: { resolveDaysDefault: 1, acceptWorkingDays: 2 } }).deadlines.resolveDaysDefault).toBe(1)
    expect(parseConfig({ campaign: { endsAt: '2027-02-05T10:00:00Z', areaCode: '130600' } }).campaign?.endsAt).toBe('2027-02-05T10:00:00Z')
    expect(parseConfig({ risk: { general: { months: 0 } } }).risk.general.months).toBe(0)
  })
})

describe('yearScheduleSchema', () => {
  it('fills missing lists with empty ones', () => {
    expect(yearScheduleSchema.parse({})).toEqual({ holidays: [], workdays: [] })
    expect(yearScheduleSchema.parse({ workdays: ['2027-02-07'] })).toEqual({ holidays: [], workdays: ['2027-02-07'] })
  })
  it('rejects malformed dates', () => {
    expect(yearScheduleSchema.safeParse({ holidays: ['2027-1-1'] }).success).toBe(false)
    expect(yearScheduleSchema.safeParse({ holidays: [20270101] }).success).toBe(false)
  })
})
