export type FunctionName = 'worker' | 'staff' | 'admin'
