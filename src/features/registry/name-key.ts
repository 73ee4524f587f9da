/**
 * The form in which names are compared: case, spaces, hyphens and other
 * punctuation do not count, so "Claude Opus-5" and "claude opus5" meet.
 */
export function nameKey(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "");
}
