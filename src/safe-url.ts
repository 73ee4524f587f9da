/**
 * The URL as it may be shown or linked, or null when it is not a plain
 * http(s) URL. Characters that could end or split a link's markup anywhere it
 * is rendered (`<`, `>`, `|`, white space) come back percent-encoded.
 */
export function safeHttpUrl(url: string | null | undefined): string | null {
  if (!url || url.length > 2000) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return null;
  return parsed.href.replace(
    /[<>|\s]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
}
