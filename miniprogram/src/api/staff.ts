// What `staff me` returns: declared in the contract.
export type { Me } from '@shared/contract'
