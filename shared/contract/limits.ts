// Every length and size limit of a request, without the schemas (fields.ts): pages that only show or cap
// lengths import this and carry no zod.
/** Every length and size limit of a request, in one place. */
export const LIMITS = {
  personName: 30,
  projectName: 100,
  projectAddress: 200,
  employerName: 100,
  description: 2000,
  note: 2000,
  reason: 500,
  disputeReason: 1000,
  comment: 500,
  /** Photos on one complaint or supplement; configuration may lower it, never raise it. */
  photos: 6,
  workerCount: 10000,
  /** 1 亿元 in fen: anything above is a typo. */
  maxFen: 10_000_000_000,
  groupSize: 500,
  deptName: 60,
  siteName: 100,
  siteAddress: 200,
  templateTitle: 30,
  templateText: 1000,
  referenceNo: 60,
  transferTo: 100,
} as const
