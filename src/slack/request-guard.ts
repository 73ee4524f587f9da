import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";

export interface GuardOptions {
  path: string;
  /** Slack's requests are a few kilobytes; anything far larger is not Slack. */
  maxBodyBytes: number;
  /** Slack signs with the current time; older or newer requests are replays or forgeries. */
  maxSkewSeconds: number;
  /**
   * A body is read before its signature can be checked, so what strangers
   * can make the bot hold is bounded twice. Every body that is small enough
   * is first read in the quick lane: Slack sends a body in one go, so its
   * requests end there. A body still arriving after `windowMs`, or a larger
   * one, needs one of `maxSlowBodies` slots; with none free it gets 503.
   * Slow senders can thus fill the slots but never hold up Slack's requests.
   */
  quickLane: { maxBodies: number; maxBodyBytes: number; windowMs: number };
  maxSlowBodies: number;
  /** A body still arriving after this is dropped. */
  bodyTimeoutMs: number;
}

interface Refusal {
  status: number;
  message: string;
  headers?: Record<string, string>;
}

/** `v0=` and a hex HMAC-SHA256: the only signature Slack sends. */
const SIGNATURE_SHAPE = /^v0=[0-9a-f]{64}$/;
const BUSY: Refusal = { status: 503, message: "Too many requests being read", headers: { "retry-after": "1" } };
const TOO_SLOW: Refusal = { status: 408, message: "Request body too slow" };

/**
 * Checks what can be checked before a request reaches Bolt, and before its
 * body is read wherever the headers decide it: a declared body size within
 * bounds, a timestamp neither stale nor in the future (Bolt itself only
 * refuses stale ones), and a signature header of the right shape. Then it
 * reads the body (see `quickLane`) and checks that it is a JSON object where
 * JSON is expected: Bolt reads fields of whatever JSON it parsed, so a
 * `null` body would throw outside any handler and end the process. Bolt then
 * verifies the signature, over the body read here.
 */
export function guardSlackRequests(listener: RequestListener, options: GuardOptions): RequestListener {
  let quick = 0;
  let slow = 0;
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== "POST" || (req.url ?? "").split("?")[0] !== options.path) {
      listener(req, res);
      return;
    }
    const refusal = refuseByHeaders(req, options);
    if (refusal) {
      answer(req, res, refusal);
      return;
    }
    const lane = options.quickLane;
    let held: "quick" | "slow" | null = null;
    const take = (which: "quick" | "slow") => {
      if (which === "quick") quick++;
      else slow++;
      held = which;
    };
    const release = () => {
      if (held === "quick") quick--;
      else if (held === "slow") slow--;
      held = null;
    };
    const quickLane = Number(req.headers["content-length"]) <= lane.maxBodyBytes && quick < lane.maxBodies;
    if (!quickLane && slow >= options.maxSlowBodies) {
      // Not drained: reading the body only to throw it away is what the slots are there to bound.
      answer(req, res, BUSY, { destroy: true });
      return;
    }
    take(quickLane ? "quick" : "slow");
    const timers: NodeJS.Timeout[] = [];
    const givenUp = new Promise<Refusal>((resolve) => {
      timers.push(setTimeout(() => resolve(TOO_SLOW), options.bodyTimeoutMs));
      if (!quickLane) return;
      timers.push(
        setTimeout(() => {
          release();
          if (slow >= options.maxSlowBodies) resolve(BUSY);
          else take("slow");
        }, lane.windowMs),
      );
    });
    Promise.race([readBody(req), givenUp])
      .then(
        (body) => {
          if (!Buffer.isBuffer(body)) {
            answer(req, res, body, { destroy: true });
            return;
          }
          if (!isObjectPayload(body, req.headers["content-type"] ?? "")) {
            answer(req, res, { status: 400, message: "Not a Slack payload" });
            return;
          }
          // Bolt reads a body already buffered here instead of the (consumed) stream.
          Object.assign(req, { rawBody: body });
          listener(req, res);
        },
        () => answer(req, res, { status: 400, message: "Unreadable request body" }, { destroy: true }),
      )
      .finally(() => {
        for (const timer of timers) clearTimeout(timer);
        release();
      });
  };
}

/**
 * Answers, then either discards the unread body (Node closes the connection
 * once it has ended, within the server's request timeout), or, for a body
 * given up on, closes the connection at once.
 */
function answer(req: IncomingMessage, res: ServerResponse, refusal: Refusal, { destroy = false } = {}): void {
  if (res.headersSent) return;
  res.writeHead(refusal.status, { "content-type": "text/plain", connection: "close", ...refusal.headers });
  res.end(refusal.message, () => {
    if (destroy) req.socket.destroy();
  });
  if (!destroy) req.resume();
}

/** Node's parser delivers no more than the declared Content-Length, which was checked against the cap. */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
    // A client gone mid-body: nothing more will come.
    req.on("close", () => reject(new Error("connection closed before the body ended")));
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

function refuseByHeaders(req: IncomingMessage, options: GuardOptions): Refusal | null {
  const declared = req.headers["content-length"];
  if (declared === undefined) return { status: 411, message: "Content-Length required" };
  if (!/^\d+$/.test(declared) || Number(declared) > options.maxBodyBytes) {
    return { status: 413, message: "Request body too large" };
  }
  const timestamp = Number(req.headers["x-slack-request-timestamp"]);
  if (!Number.isFinite(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > options.maxSkewSeconds) {
    return { status: 401, message: "Stale or future request timestamp" };
  }
  if (!SIGNATURE_SHAPE.test(String(req.headers["x-slack-signature"] ?? ""))) {
    return { status: 401, message: "Missing or malformed signature" };
  }
  return null;
}
