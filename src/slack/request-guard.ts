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
 * size within bounds, a timestamp neither stale nor in the future (Bolt
 * itself only refuses stale ones), and a body that is a JSON object where
 * JSON is expected: Bolt reads fields of whatever JSON it parsed, so a
 * `null` body would throw outside any handler and end the process. Bolt
 * then verifies the signature, over the body read here.
 */
export function guardSlackRequests(listener: RequestListener, options: GuardOptions): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== "POST" || (req.url ?? "").split("?")[0] !== options.path) {
      listener(req, res);
      return;
    }
    const refusal = refuse(req, options);
    if (refusal) {
      answer(req, res, refusal);
      return;
    }
    readBody(req, options.maxBodyBytes).then(
      (body) => {
        if (!isObjectPayload(body, req.headers["content-type"] ?? "")) {
          answer(req, res, { status: 400, message: "Not a Slack payload" });
          return;
        }
        // Bolt reads a body already buffered here instead of the (consumed) stream.
        Object.assign(req, { rawBody: body });
        listener(req, res);
      },
      () => answer(req, res, { status: 400, message: "Unreadable request body" }),
    );
  };
}

function answer(req: IncomingMessage, res: ServerResponse, refusal: { status: number; message: string }): void {
  res.writeHead(refusal.status, { "content-type": "text/plain", connection: "close" });
  res.end(refusal.message);
  req.resume();
}

function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new Error("body larger than declared"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/**
 * JSON bodies (events) and interactivity `payload` fields must hold a JSON
 * object. Malformed JSON passes, for Bolt to refuse with its own 400.
 */
function isObjectPayload(body: Buffer, contentType: string): boolean {
  let json: string | null = null;
  if (contentType.includes("application/json")) json = body.toString("utf8");
  else json = new URLSearchParams(body.toString("utf8")).get("payload");
  if (json === null) return true;
  try {
    const parsed: unknown = JSON.parse(json);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
  } catch {
    return true;
  }
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
