// Pure, dependency-free validators shared by the mini-program and the functions.
export * from './result'
export * from './phone'
export * from './idNumber'
export * from './uscc'
export * from './siteCode'
export * from './caseNo'
export * from './areaCode'
