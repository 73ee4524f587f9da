import { safeHttpUrl } from "../safe-url.ts";

/** Text for Slack's mrkdwn: escaping and length limits shared by every Block Kit builder. */

/**
 * Control characters (C0, DEL, C1) other than newline and tab: Slack shows
 * them as boxes or drops the text, and a NUL cuts it short in some clients.
 */
const CONTROLS = /(?![\n\t])\p{Cc}/gu;

function withoutControls(text: string): string {
  return text.replace(CONTROLS, "");
}

/**
 * Escapes &, < and >, so text from users and vendors cannot form links or
 * mentions, and drops control characters.
 */
export function escapeText(text: string): string {
  return withoutControls(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Like escapeText, but user mentions written as `<@U…>` stay mentions. */
export function escapeMrkdwn(text: string): string {
  return escapeText(text).replace(/&lt;@([UW][A-Z0-9]+)&gt;/g, "<@$1>");
}

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * Cuts text to a Block Kit limit (in UTF-16 units, as JavaScript and Slack
 * count), marking the cut with an ellipsis, and drops control characters.
 * The cut falls between graphemes: never inside a surrogate pair, which
 * would send Slack invalid UTF-16, nor inside an emoji sequence or an accent.
 */
export function truncate(text: string, limit: number): string {
  const clean = withoutControls(text);
  if (clean.length <= limit) return clean;
  let kept = "";
  for (const { segment } of graphemes.segment(clean)) {
    if (kept.length + segment.length > limit - 1) break;
    kept += segment;
  }
  return `${kept}…`;
}

/**
 * A link for mrkdwn. The target must be an http(s) URL, with the characters
 * that end or split Slack's `<target|label>` form percent-encoded; anything
 * else (javascript:, a mention smuggled into a status page's shortlink) is
 * dropped and only the escaped label stays.
 */
export function link(url: string | null | undefined, label: string): string {
  const target = safeHttpUrl(url);
  const text = escapeText(label).replace(/\|/g, "¦");
  return target ? `<${target}|${text}>` : text;
}
