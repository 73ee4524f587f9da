import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { Logger } from "../logger.ts";

export interface Route {
  path: string;
  /** GET also answers HEAD, which load balancers use as a probe. */
  methods: readonly ("GET" | "POST")[];
  handle(req: IncomingMessage, res: ServerResponse): void | Promise<void>;
}

/**
 * The bot's one HTTP entry point: each request goes to the route with its
 * exact path, else gets 404 (405 with Allow for a known path). Bolt would
 * instead throw for a request it does not route, which kills the process,
 * and parses paths such as `//slack/events` as another host's.
 */
export function routeRequests(routes: readonly Route[], logger: Logger): RequestListener {
  const byPath = new Map(routes.map((route) => [route.path, route]));
  return (req, res) => {
    const route = byPath.get((req.url ?? "").split("?")[0] ?? "");
    if (!route) {
      refuse(req, res, 404, "Not found");
      return;
    }
    const allowed: string[] = route.methods.includes("GET") ? [...route.methods, "HEAD"] : [...route.methods];
    if (!allowed.includes(req.method ?? "")) {
      refuse(req, res, 405, "Method not allowed", { allow: allowed.join(", ") });
      return;
    }
    const failed = (error: unknown) => {
      logger.error(`HTTP ${req.method} ${route.path} failed`, error);
      if (!res.headersSent) refuse(req, res, 500, "Internal error");
      else res.destroy();
    };
    try {
      const handled = route.handle(req, res);
      if (handled) handled.catch(failed);
    } catch (error) {
      failed(error);
    }
  };
}

function refuse(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "text/plain", ...headers });
  res.end(message);
  // An unread body would otherwise hold the connection.
  req.resume();
}
