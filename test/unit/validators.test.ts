import {
  isMobile,
  normalizeMobile,
  maskMobile,
  checkIdNumber,
  isIdNumber,
  idCheckChar,
  maskIdNumber,
  checkUscc,
  isUscc,
  usccCheckChar,
  USCC_ALPHABET,
  SITE_CODE_ALPHABET,
  SITE_CODE_BODY_LENGTH,
  siteCodeCheckChar,
  makeSiteCode,
  normalizeSiteCode,
  checkSiteCode,
  isValidSiteCode,
  formatSiteCode,
  formatCaseNo,
  parseCaseNo,
  isCaseNo,
  isAreaCode,
  isProvinceCode,
  areaLevel,
  areaPrefix,
  areaContains,
} from '../../shared/validators'

// Deterministic PRNG (mulberry32) so the tests are reproducible.
function seeded(seed: number): (n: number) => number {
  let a = seed >>> 0
  return (n: number) => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n)
  }
}

const NOW = new Date('2026-06-15T00:00:00+08:00') // the first moment of 2026-06-15 in Beijing

describe('phone', () => {
  it('accepts mainland mobiles and strips separators and +86', () => {
    expect(isMobile('13812345678')).toBe(true)
    expect(isMobile('199 1234 5678')).toBe(true)
    expect(isMobile('138-1234-5678')).toBe(true)
    expect(isMobile('+86 138 1234 5678')).toBe(true)
    expect(isMobile('8613812345678')).toBe(true)
    expect(normalizeMobile('+86 138-1234-5678')).toBe('13812345678')
    expect(normalizeMobile('86 13812345678')).toBe('13812345678')
    expect(normalizeMobile('１３８１２３４５６７８')).toBe('13812345678')
  })
  it('rejects wrong length and bad prefixes', () => {
    expect(isMobile('1381234567')).toBe(false)
    expect(isMobile('138123456789')).toBe(false)
    expect(isMobile('12812345678')).toBe(false)
    expect(isMobile('10812345678')).toBe(false)
    expect(isMobile('23812345678')).toBe(false)
    expect(isMobile('1381234567a')).toBe(false)
    expect(isMobile('')).toBe(false)
    expect(normalizeMobile(' 123-45 ')).toBe('12345')
  })
  it('masks', () => {
    expect(maskMobile('13812345678')).toBe('138****5678')
    expect(maskMobile('+86 138 1234 5678')).toBe('138****5678')
    expect(maskMobile('123')).toBe('***')
  })
})

describe('resident ID number', () => {
  const withCheck = (first17: string) => first17 + idCheckChar(first17)

  it('hard-coded examples with hand-verified check characters', () => {
    // 1*7+1*9+0*10+1*5+0*8+5*4+1*2+9*1+4*6+9*3+1*7+2*9+3*10+1*5+0*8+0*4+2*2 = 167; 167 % 11 = 2 -> 'X'
    expect(idCheckChar('11010519491231002')).toBe('X')
    expect(checkIdNumber('11010519491231002X', NOW)).toEqual({ ok: true, value: '11010519491231002X' })
    // 440524188001010014: sum = 195; 195 % 11 = 8 -> '4'. Check char is right, but born 1880 (< 1900).
    expect(idCheckChar('44052418800101001')).toBe('4')
    expect(checkIdNumber('440524188001010014', NOW)).toEqual({ ok: false, reason: '身份证号中的出生日期不对' })
  })

  it('accepts computed valid numbers, including leap day and today', () => {
    for (const f of ['13060219900101123', '11010520000229001', '91000019000101001', '65010220260615003']) {
      const id = withCheck(f)
      expect(checkIdNumber(id, NOW)).toEqual({ ok: true, value: id })
      expect(isIdNumber(id, NOW)).toBe(true)
    }
  })

  it('normalises lower-case x and spaces', () => {
    expect(checkIdNumber('11010519491231002x', NOW)).toEqual({ ok: true, value: '11010519491231002X' })
    expect(checkIdNumber(' 110105 19491231 002x ', NOW)).toEqual({ ok: true, value: '11010519491231002X' })
  })

  it('reports every failure reason', () => {
    expect(checkIdNumber('11010519491231002', NOW)).toEqual({ ok: false, reason: '身份证号应为18位' })
    expect(checkIdNumber('11010519491231002X1', NOW)).toEqual({ ok: false, reason: '身份证号应为18位' })
    expect(checkIdNumber('', NOW)).toEqual({ ok: false, reason: '身份证号应为18位' })
    expect(checkIdNumber('1101051949123100AX', NOW)).toEqual({ ok: false, reason: '身份证号只能是数字，最后一位可以是X' })
    expect(checkIdNumber('11010519491231002Y', NOW)).toEqual({ ok: false, reason: '身份证号只能是数字，最后一位可以是X' })
    // wrong check character
    expect(checkIdNumber('110105194912310021', NOW)).toEqual({ ok: false, reason: '身份证号最后一位校验不对，请核对' })
    // bad province codes (check char made valid so only the province is wrong)
    for (const p of ['00', '10', '16', '20', '24', '38', '47', '55', '60', '66', '72', '80', '84', '90', '92', '99']) {
      const r = checkIdNumber(withCheck(p + '010519900101123'), NOW)
      expect(r).toEqual({ ok: false, reason: '身份证号开头的地区代码不对，请核对' })
    }
    // impossible / out-of-range dates, with valid check char
    for (const date of ['19900230', '19000229', '20230229', '19901301', '19900001', '19900100', '19900431', '18991231']) {
      expect(checkIdNumber(withCheck('130602' + date + '123'), NOW)).toEqual({ ok: false, reason: '身份证号中的出生日期不对' })
    }
    // future relative to `now`: Beijing's date, whatever the machine's zone (2026-06-15 23:59 Beijing is still the 15th)
    expect(checkIdNumber(withCheck('13060220260616123'), NOW)).toEqual({ ok: false, reason: '身份证号中的出生日期不对' })
    expect(checkIdNumber(withCheck('13060220260616123'), new Date('2026-06-15T15:59:59Z'))).toMatchObject({ ok: false })
    expect(checkIdNumber(withCheck('13060220260616123'), new Date('2026-06-16T00:00:00+08:00'))).toMatchObject({ ok: true })
  })

  it('idCheckChar rejects bad input', () => {
    expect(() => idCheckChar('1234')).toThrow()
    expect(() => idCheckChar('1101051949123100A')).toThrow()
  })

  it('masks keeping first 3 and last 4, length preserved', () => {
    expect(maskIdNumber('110105194912311234')).toBe('110***********1234')
    expect(maskIdNumber('11010519491231002X')).toHaveLength(18)
    expect(maskIdNumber('1234567')).toBe('*******')
  })
})

describe('unified social credit code', () => {
  it('hard-coded examples with hand-verified check characters', () => {
    // 91350100M000100Y43: weighted sum 1640; 1640 % 31 = 28; 31 - 28 = 3 -> '3'
    expect(usccCheckChar('91350100M000100Y4')).toBe('3')
    expect(checkUscc('91350100M000100Y43')).toEqual({ ok: true, value: '91350100M000100Y43' })
    // 914403001922038216 (a published code): weighted sum 831; 831 % 31 = 25; 31 - 25 = 6 -> '6'
    expect(usccCheckChar('91440300192203821')).toBe('6')
    expect(isUscc('914403001922038216')).toBe(true)
  })

  it('maps check value 31 to 0', () => {
    // Find a prefix whose sum is divisible by 31 by varying the last char.
    let found = false
    for (const c of USCC_ALPHABET) {
      const first17 = '9111000010000000' + c
      if (usccCheckChar(first17) === '0') {
        found = true
        expect(isUscc(first17 + '0')).toBe(true)
      }
    }
    expect(found).toBe(true)
  })

  it('accepts computed codes and normalises case and spaces', () => {
    const rnd = seeded(7)
    for (let i = 0; i < 50; i++) {
      let first17 = '91' + '130602'
      while (first17.length < 17) first17 += USCC_ALPHABET.charAt(rnd(31))
      const code = first17 + usccCheckChar(first17)
      expect(checkUscc(code)).toEqual({ ok: true, value: code })
    }
    expect(checkUscc('91350100m000100y43')).toEqual({ ok: true, value: '91350100M000100Y43' })
    expect(checkUscc(' 91350100 M000100 Y43 ')).toEqual({ ok: true, value: '91350100M000100Y43' })
  })

  it('reports every failure reason', () => {
    expect(checkUscc('91350100M000100Y4')).toEqual({ ok: false, reason: '统一社会信用代码应为18位' })
    expect(checkUscc('91350100M000100Y433')).toEqual({ ok: false, reason: '统一社会信用代码应为18位' })
    for (const bad of ['I', 'O', 'S', 'V', 'Z', '*']) {
      expect(checkUscc('91350100M000100' + bad + '43')).toEqual({ ok: false, reason: '统一社会信用代码含有不允许的字符' })
    }
    const nonDigitArea = '9135A100M000100Y4'
    expect(checkUscc(nonDigitArea + usccCheckChar(nonDigitArea))).toEqual({
      ok: false,
      reason: '统一社会信用代码第3到8位应为数字（地区代码）',
    })
    expect(checkUscc('91350100M000100Y44')).toEqual({ ok: false, reason: '统一社会信用代码校验位不对，请核对' })
  })

  it('usccCheckChar rejects bad input', () => {
    expect(() => usccCheckChar('91350100M000100Y')).toThrow()
    expect(() => usccCheckChar('91350100M000100I4')).toThrow()
  })
})

describe('site code', () => {
  const N = SITE_CODE_ALPHABET.length
  const codes = (() => {
    const rnd = seeded(42)
    const out = ['2222222', 'ZZZZZZ8', '234567A']
    for (let i = 0; i < 20; i++) out.push(makeSiteCode(rnd))
    return out
  })()

  it('alphabet has 32 unique chars without 0, 1, O, I', () => {
    expect(N).toBe(32)
    expect(new Set(SITE_CODE_ALPHABET).size).toBe(32)
    for (const c of '01OI') expect(SITE_CODE_ALPHABET).not.toContain(c)
  })

  it('check char matches hand-computed Luhn mod 32', () => {
    expect(siteCodeCheckChar('222222')).toBe('2') // all zeros
    // '234567' = values 0..5; from the right: 5*2 + 4 + 3*2 + 2 + 1*2 + 0 = 24; (32 - 24) % 32 = 8 -> 'A'
    expect(siteCodeCheckChar('234567')).toBe('A')
    // 'ZZZZZZ' = 31s; doubled 62 -> 1 + 30 = 31; 6 * 31 = 186; 186 % 32 = 26; 32 - 26 = 6 -> '8'
    expect(siteCodeCheckChar('ZZZZZZ')).toBe('8')
    expect(() => siteCodeCheckChar('ABC0EF')).toThrow()
  })

  it('makeSiteCode yields valid 7-char codes from the alphabet, varying with the seed', () => {
    const rnd = seeded(1)
    const seen = new Set<string>()
    for (let i = 0; i < 2000; i++) {
      const c = makeSiteCode(rnd)
      expect(c).toHaveLength(SITE_CODE_BODY_LENGTH + 1)
      expect(c).toMatch(/^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{7}$/)
      expect(isValidSiteCode(c)).toBe(true)
      seen.add(c)
    }
    expect(seen.size).toBe(2000)
    expect(makeSiteCode(seeded(99))).toBe(makeSiteCode(seeded(99)))
    expect(() => makeSiteCode(() => 32)).toThrow()
    expect(() => makeSiteCode(() => 1.5)).toThrow()
  })

  it('detects every single-character substitution', () => {
    let tried = 0
    for (const code of codes) {
      expect(isValidSiteCode(code)).toBe(true)
      for (let pos = 0; pos < code.length; pos++) {
        for (const c of SITE_CODE_ALPHABET) {
          if (c === code[pos]) continue
          const typo = code.slice(0, pos) + c + code.slice(pos + 1)
          expect(checkSiteCode(typo)).toEqual({ ok: false, reason: '项目码有误，请核对后重新输入' })
          tried++
        }
      }
    }
    expect(tried).toBe(codes.length * 7 * 31)
  })

  it('detects every adjacent transposition except 2<->Z (values 0 and N-1)', () => {
    // Exhaustive over all ordered pairs of distinct values at every adjacent position,
    // with the rest of the body random; the check char is recomputed so the original is valid.
    const rnd = seeded(3)
    let total = 0,
      missed = 0
    for (let pos = 0; pos < SITE_CODE_BODY_LENGTH; pos++) {
      // pos and pos+1 (pos+1 may be the check char)
      for (let a = 0; a < N; a++) {
        for (let b = 0; b < N; b++) {
          if (a === b) continue
          let body = ''
          for (let i = 0; i < SITE_CODE_BODY_LENGTH; i++) body += SITE_CODE_ALPHABET[rnd(N)]
          let code: string
          if (pos + 1 < SITE_CODE_BODY_LENGTH) {
            const arr = body.split('')
            arr[pos] = SITE_CODE_ALPHABET.charAt(a)
            arr[pos + 1] = SITE_CODE_ALPHABET.charAt(b)
            code = arr.join('') + siteCodeCheckChar(arr.join(''))
          } else {
            // swap of the last body char and the check char: pick a body whose check char is b
            const head = body.slice(0, pos)
            const last = SITE_CODE_ALPHABET[a]
            let tries = 0
            let h = head
            while (siteCodeCheckChar(h + last) !== SITE_CODE_ALPHABET[b]) {
              h = ''
              for (let i = 0; i < pos; i++) h += SITE_CODE_ALPHABET[rnd(N)]
              if (++tries > 10000) throw new Error('could not build code')
            }
            code = h + last + SITE_CODE_ALPHABET[b]
          }
          expect(isValidSiteCode(code)).toBe(true)
          const swapped = code.slice(0, pos) + code[pos + 1] + code[pos] + code.slice(pos + 2)
          total++
          if (isValidSiteCode(swapped)) {
            missed++
            expect([code[pos], code[pos + 1]].sort().join('')).toBe('2Z')
          }
        }
      }
    }
    expect(total).toBe(SITE_CODE_BODY_LENGTH * N * (N - 1))
    // exactly the ('2','Z') and ('Z','2') cases at each of the 6 positions go undetected
    expect(missed).toBe(SITE_CODE_BODY_LENGTH * 2)
    // i.e. detection rate 1 - 2 / (N * (N - 1)) = 99.80 %
    expect(1 - missed / total).toBeCloseTo(1 - 2 / (N * (N - 1)), 10)
    expect(1 - missed / total).toBeGreaterThan(0.997)
  })

  it('normalises case and separators but does not guess lookalikes', () => {
    const code = codes[5] ?? ''
    expect(code).toHaveLength(7)
    expect(normalizeSiteCode(' ' + code.slice(0, 3).toLowerCase() + '-' + code.slice(3) + ' ')).toBe(code)
    expect(checkSiteCode(formatSiteCode(code).toLowerCase())).toEqual({ ok: true, value: code })
    expect(normalizeSiteCode('abo-01i')).toBe('ABO01I')
  })

  it('reports every failure reason', () => {
    expect(checkSiteCode('234567')).toEqual({ ok: false, reason: '项目码应为7位' })
    expect(checkSiteCode('234567AB')).toEqual({ ok: false, reason: '项目码应为7位' })
    expect(checkSiteCode('')).toEqual({ ok: false, reason: '项目码应为7位' })
    for (const bad of ['0', '1', 'O', 'I', '*']) {
      expect(checkSiteCode('23456' + bad + 'A')).toEqual({ ok: false, reason: '项目码里有不存在的字符（没有0、1、O、I）' })
    }
    expect(checkSiteCode('234567B')).toEqual({ ok: false, reason: '项目码有误，请核对后重新输入' })
    expect(checkSiteCode('234-567A')).toEqual({ ok: true, value: '234567A' })
  })

  it('formats for printing as 3 + 4', () => {
    expect(formatSiteCode('234567A')).toBe('234-567A')
    expect(formatSiteCode('234 567a')).toBe('234-567A')
    expect(formatSiteCode('ABC')).toBe('ABC')
  })
})

describe('case number', () => {
  it('formats with 5-digit padding and more digits beyond 99999', () => {
    expect(formatCaseNo('130602', 2026, 17)).toBe('130602-2026-00017')
    expect(formatCaseNo('130602', 2026, 99999)).toBe('130602-2026-99999')
    expect(formatCaseNo('130602', 2026, 100000)).toBe('130602-2026-100000')
    expect(formatCaseNo('130602', 2026, 1)).toBe('130602-2026-00001')
  })

  it('round trips', () => {
    for (const [a, y, s] of [
      ['130602', 2026, 17],
      ['110000', 2000, 1],
      ['650102', 2999, 1234567],
    ] as const) {
      const no = formatCaseNo(a, y, s)
      expect(parseCaseNo(no)).toEqual({ areaCode: a, year: y, seq: s })
      expect(isCaseNo(no)).toBe(true)
    }
  })

  it('distinct (area, year, seq) give distinct numbers; one spelling each', () => {
    const seen = new Set<string>()
    for (const a of ['130602', '130603', '130600']) {
      for (const y of [2025, 2026]) {
        for (let s = 1; s <= 200; s++) seen.add(formatCaseNo(a, y, s))
        seen.add(formatCaseNo(a, y, 123456))
      }
    }
    expect(seen.size).toBe(3 * 2 * 201)
    expect(parseCaseNo('130602-2026-000017')).toBeNull()
    expect(parseCaseNo('130602-2026-17')).toBeNull()
  })

  it('rejects invalid parts', () => {
    expect(() => formatCaseNo('13060', 2026, 1)).toThrow()
    expect(() => formatCaseNo('13060a', 2026, 1)).toThrow()
    expect(() => formatCaseNo('130602', 1999, 1)).toThrow()
    expect(() => formatCaseNo('130602', 3000, 1)).toThrow()
    expect(() => formatCaseNo('130602', 2026, 0)).toThrow()
    expect(() => formatCaseNo('130602', 2026, 1.5)).toThrow()
    for (const s of [
      '130602-2026-00000',
      '130602-1999-00001',
      '130602-3000-00001',
      '13060-2026-00001',
      '130602-26-00001',
      '130602_2026_00001',
      '130602-2026-0001a',
      '',
    ]) {
      expect(isCaseNo(s)).toBe(false)
    }
  })
})

describe('area code', () => {
  it('validates', () => {
    for (const c of ['110000', '130000', '130600', '130602', '460000', '469001', '710000', '810000', '820000', '910000']) {
      expect(isAreaCode(c)).toBe(true)
    }
    for (const c of ['000000', '100000', '160000', '390000', '13060', '1306021', '13060a', '130012', '']) {
      expect(isAreaCode(c)).toBe(false)
    }
    expect(isProvinceCode('13')).toBe(true)
    expect(isProvinceCode('83')).toBe(true)
    expect(isProvinceCode('84')).toBe(false)
  })

  it('levels and prefixes', () => {
    expect(areaLevel('130000')).toBe('province')
    expect(areaLevel('130600')).toBe('city')
    expect(areaLevel('130602')).toBe('county')
    expect(areaPrefix('130000')).toBe('13')
    expect(areaPrefix('130600')).toBe('1306')
    expect(areaPrefix('130602')).toBe('130602')
    expect(() => areaLevel('1306')).toThrow()
  })

  it('containment', () => {
    expect(areaContains('130000', '130602')).toBe(true)
    expect(areaContains('130000', '130600')).toBe(true)
    expect(areaContains('130600', '130602')).toBe(true)
    expect(areaContains('130602', '130602')).toBe(true)
    expect(areaContains('130600', '130702')).toBe(false)
    expect(areaContains('130602', '130600')).toBe(false)
    expect(areaContains('130600', '130000')).toBe(false)
    expect(areaContains('110000', '130602')).toBe(false)
    expect(areaContains('000000', '130602')).toBe(false)
    expect(areaContains('130000', 'abc')).toBe(false)
  })
})
