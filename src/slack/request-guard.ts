import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";

export interface GuardOptions {
  path: string;
  /** Slack's requests are a few kilobytes; anything far larger is not Slack. */
  maxBodyBytes: number;
  /** Slack signs with the current time; older or newer requests are replays or forgeries. */
  maxSkewSeconds: number;
}

/**
 * Checks what Bolt does not before a request reaches it: a declared body
 * size within bounds, and a timestamp neither stale nor in the future
 * (Bolt itself only refuses stale ones). Bolt then verifies the signature.
 */
export function guardSlackRequests(listener: RequestListener, options: GuardOptions): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === "POST" && (req.url ?? "").split("?")[0] === options.path) {
      const refusal = refuse(req, options);
      if (refusal) {
        res.writeHead(refusal.status, { "content-type": "text/plain", connection: "close" });
        res.end(refusal.message);
        req.resume();
        return;
      }
    }
    listener(req, res);
  };
}

function refuse(req: IncomingMessage, options: GuardOptions): { status: number; message: string } | null {
  const declared = req.headers["content-length"];
  if (declared === undefined) return { status: 411, message: "Content-Length required" };
  if (!/^\d+$/.test(declared) || Number(declared) > options.maxBodyBytes) {
    return { status: 413, message: "Request body too large" };
  }
  const timestamp = Number(req.headers["x-slack-request-timestamp"]);
  if (!Number.isFinite(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > options.maxSkewSeconds) {
    return { status: 401, message: "Stale or future request timestamp" };
  }
  return null;
}
