import { safeHttpUrl } from "../safe-url.ts";

/** Text for Slack's mrkdwn: escaping and length limits shared by every Block Kit builder. */

/** Escapes &, < and >, so text from users and vendors cannot form links or mentions. */
export function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Like escapeText, but user mentions written as `<@U…>` stay mentions. */
export function escapeMrkdwn(text: string): string {
  return escapeText(text).replace(/&lt;@([UW][A-Z0-9]+)&gt;/g, "<@$1>");
}

/** Cuts text to a Block Kit limit, marking the cut with an ellipsis. */
export function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
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
