// Demo data for the local runtime: one city (保定市) with two districts, labour inspection and the
// housing, transport and water departments, a rights desk, routing rules, four sites of different
// industries and funding, and the personas of API.md.
import type { Role } from '../../shared/types'
import { makeSiteCode, usccCheckChar } from '../../shared/validators'
import type { Storage } from './ports'

export const DEMO_CITY = '130600'

export const DEMO_DEPTS = [
  { id: 'd-city-labour', name: '保定市人社局劳动保障监察支队', kind: 'labour', areaCode: '130600', parentId: null, phone: '0312-12333' },
  {
    id: 'd-jx-labour',
    name: '竞秀区劳动保障监察大队',
    kind: 'labour',
    areaCode: '130602',
    parentId: 'd-city-labour',
    phone: '0312-5901234',
  },
  { id: 'd-lc-labour', name: '莲池区劳动保障监察大队', kind: 'labour', areaCode: '130606', parentId: 'd-city-labour' },
  { id: 'd-jx-housing', name: '竞秀区住房和城乡建设局', kind: 'housing', areaCode: '130602', parentId: null, phone: '0312-5905678' },
  { id: 'd-city-transport', name: '保定市交通运输局', kind: 'transport', areaCode: '130600', parentId: null },
  { id: 'd-city-water', name: '保定市水利局', kind: 'water', areaCode: '130600', parentId: null },
  { id: 'd-jx-desk', name: '竞秀区农民工工资维权服务中心', kind: 'desk', areaCode: '130602', parentId: 'd-jx-labour' },
] as const

export const DEMO_RULES = [
  { id: 'r-jx-housing', areaPrefix: '130602', industry: 'housing', deptId: 'd-jx-housing' },
  { id: 'r-city-transport', areaPrefix: '1306', industry: 'transport', deptId: 'd-city-transport' },
  { id: 'r-city-water', areaPrefix: '1306', industry: 'water', deptId: 'd-city-water' },
] as const

/** Personas for `POST /dev/login`: name → role and department. */
export const PERSONAS: Record<string, { role: Role; deptId: string | null; name: string }> = {
  'worker-a': { role: 'worker', deptId: null, name: '张师傅' },
  'worker-b': { role: 'worker', deptId: null, name: '李师傅' },
  desk: { role: 'desk', deptId: 'd-jx-desk', name: '服务台小王' },
  inspector: { role: 'inspector', deptId: 'd-jx-housing', name: '住建局赵科长' },
  'inspector-b': { role: 'inspector', deptId: 'd-lc-labour', name: '莲池监察员孙' },
  'inspector-labour': { role: 'inspector', deptId: 'd-jx-labour', name: '竞秀监察员周' },
  coordinator: { role: 'coordinator', deptId: 'd-city-labour', name: '市联席办刘主任' },
}
/** Actions that take a written note, for which coordinators keep reply templates. */
export const TEMPLATE_ACTIONS = ['return', 'route', 'progress', 'markComplex', 'resolve', 'notWageArrears', 'refer', 'transferOut'] as const

/** Starting reply templates, plain and short; coordinators edit them. */
export const DEFAULT_TEMPLATES: { id: string; action: (typeof TEMPLATE_ACTIONS)[number]; title: string; text: string }[] = [
  { id: 't-progress-visit', action: 'progress', title: '已约谈', text: '已约谈施工总承包单位负责人，要求其在3日内足额支付工资。' },
  { id: 't-progress-verify', action: 'progress', title: '核实中', text: '正在核实用工和工资发放情况，请保持电话畅通。' },
  { id: 't-resolve-paid', action: 'resolve', title: '已足额支付', text: '经督促，用人单位已足额支付所欠工资，请您查收后确认。' },
  { id: 't-return-industry', action: 'return', title: '非本部门监管', text: '该项目不属于本部门监管行业，请首问单位重新转办。' },
  {
    id: 't-notwage-dispute',
    action: 'notWageArrears',
    title: '属于合同纠纷',
    text: '经核实，该事项属于工程款或合同纠纷，不属于拖欠工资。如有异议，可在本页提出。',
  },
  {
    id: 't-refer-arbitration',
    action: 'refer',
    title: '移送仲裁',
    text: '双方对工资数额存在争议，已引导申请劳动人事争议仲裁，我们会继续跟进。',
  },
]

export const personaOpenid = (persona: string) => `persona-${persona}`

/** A fixed pseudo-random sequence, so the demo site codes are the same on every machine. */
function seeded(seed: number) {
  let x = seed
  return (n: number) => {
    x = (x * 1103515245 + 12345) % 2147483648
    return Math.floor(x / 65536) % n
  }
}

export interface DemoSite {
  code: string
  name: string
}

export async function seedDemo(storage: Storage, now: Date): Promise<{ seeded: boolean; sites: DemoSite[] }> {
  const at = now.toISOString()
  const rnd = seeded(20261122)
  const siteDefs = [
    {
      name: '竞秀区保障性住房三期工程',
      address: '竞秀区朝阳北大街',
      areaCode: '130602',
      industry: 'housing',
      funding: 'government',
      contractorName: '河北建工集团有限责任公司',
      supervisingDeptId: 'd-jx-housing',
    },
    {
      name: '莲池区东二环道路改造工程',
      address: '莲池区东二环与裕华路交叉口',
      areaCode: '130606',
      industry: 'transport',
      funding: 'state_owned',
      contractorName: '保定交通建设集团有限公司',
      supervisingDeptId: 'd-city-transport',
    },
    {
      name: '莲池区府河治理工程',
      address: '莲池区府河沿岸',
      areaCode: '130606',
      industry: 'water',
      funding: 'other',
      contractorName: '河北水润建设工程有限公司',
      supervisingDeptId: 'd-city-water',
    },
    {
      name: '莲池区万和商业广场',
      address: '莲池区东风中路',
      areaCode: '130606',
      industry: 'housing',
      funding: 'other',
      contractorName: '保定万和建筑工程有限公司',
      supervisingDeptId: 'd-lc-labour',
    },
  ] as const
  const sites = siteDefs.map((s) => ({ ...s, code: makeSiteCode(rnd) }))
  if ((await storage.listDepts()).length > 0) return { seeded: false, sites: sites.map(({ code, name }) => ({ code, name })) }

  for (const d of DEMO_DEPTS) await storage.createDept({ ...d, active: true, createdAt: at })
  for (const r of DEMO_RULES) await storage.createRule({ ...r, createdAt: at })
  const usccs = ['911300001043212345', '911306007007654321', '911306063301122334', '911306065509988776'].map(fixUscc)
  for (const [i, s] of sites.entries()) {
    await storage.createSite({
      code: s.code,
      name: s.name,
      address: s.address,
      areaCode: s.areaCode,
      industry: s.industry,
      funding: s.funding,
      contractorName: s.contractorName,
      contractorUscc: usccs[i],
      supervisingDeptId: s.supervisingDeptId,
      issuerDeptId: s.supervisingDeptId,
      retired: false,
      createdAt: at,
    })
  }
  for (const t of DEFAULT_TEMPLATES) {
    await storage.putTemplate({ ...t, areaCode: DEMO_CITY, updatedBy: 'seed', updatedAt: at })
  }
  for (const [persona, p] of Object.entries(PERSONAS)) {
    await storage.putUser({ openid: personaOpenid(persona), role: p.role, deptId: p.deptId, name: p.name, createdAt: at })
  }
  return { seeded: true, sites: sites.map(({ code, name }) => ({ code, name })) }
}

/** Demo credit codes: the first 17 characters are made up; the check character is computed. */
function fixUscc(s: string): string {
  return s.slice(0, 17) + usccCheckChar(s.slice(0, 17))
}
