/** A request id kept for one form, so a retry after a network failure files the complaint only once. */
export function newClientRequestId(): string {
  return 'c-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 10)
}
