/** "1 open incident", "2 open incidents", "33,501 open incidents": a count with its noun in agreement. */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? noun : plural}`;
}
