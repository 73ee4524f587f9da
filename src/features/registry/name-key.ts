/** Printable ASCII: no accents to strip and no letters beyond a to z once lowercased. */
const PRINTABLE_ASCII = /^[ -~]*$/;

/**
 * The form in which names are compared: case, spaces, hyphens and other
 * punctuation do not count, so "Claude Opus-5" and "claude opus5" meet.
 * Letters of every script count, so "文心 5" and "千问 5" stay apart.
 */
export function nameKey(name: string): string {
  // The same result for ASCII names (nearly all) without Unicode normalisation, the slow part of checking 100,000 models.
  if (PRINTABLE_ASCII.test(name)) return name.toLowerCase().replace(/[^a-z0-9]+/g, "");
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, "");
}
