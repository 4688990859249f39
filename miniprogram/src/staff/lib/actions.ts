/** Staff actions that take a written note, as coordinators name them in reply templates. */
export const TEMPLATE_ACTIONS: { action: string; label: string }[] = [
  { action: 'progress', label: '添加进展' },
  { action: 'resolve', label: '登记办结' },
  { action: 'return', label: '退回首问单位' },
  { action: 'route', label: '转办' },
  { action: 'markComplex', label: '列为复杂案件' },
  { action: 'notWageArrears', label: '不属于欠薪' },
  { action: 'refer', label: '移送' },
  { action: 'transferOut', label: '转外地' },
]
