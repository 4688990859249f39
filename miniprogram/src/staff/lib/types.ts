// Shapes of the staff and admin replies the staff pages read: declared once, in the contract.
export type {
  AlertItem,
  CaseDetail,
  DeptItem,
  DeskReceipt,
  FileResult,
  ImportResult,
  InviteItem,
  InviteState,
  Overview,
  RelatedCase,
  RuleItem,
  RuleTestResult,
  SiteItem,
  TemplateItem,
} from '@shared/contract'
export type { FileReply as LedgerFile } from '@shared/contract'
