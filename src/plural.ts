/** "1 open incident", "2 open incidents": a count with its noun in agreement. */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
