/** "1 problema", "3 problemi": counts in the service's Italian messages agree with their noun. */
export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
