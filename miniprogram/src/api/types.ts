export type { FunctionName } from '@shared/contract'
