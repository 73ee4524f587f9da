import type { ServerResponse } from "node:http";
import type { Registry } from "prom-client";
import type { Route } from "./http-router.ts";
import type { Probes } from "./probes.ts";

/**
 * What operators and orchestrators call: liveness, readiness, the older
 * health report (kept as it was for existing monitors) and Prometheus
 * metrics. None of them needs a signature, and none changes anything.
 */
export function opsRoutes(deps: {
  probes: Probes;
  registry: Registry;
  mode: "http" | "socket";
  followUps: () => { waiting: number; inFlight: number };
}): Route[] {
  const { probes } = deps;
  return [
    {
      path: "/livez",
      methods: ["GET"],
      // Answering at all shows the process and its event loop are alive; the database and Slack are /readyz's business.
      handle: (_req, res) => sendJson(res, 200, { status: "ok" }),
    },
    {
      path: "/readyz",
      methods: ["GET"],
      async handle(_req, res) {
        const { ready, failed, checks } = await probes.readiness();
        sendJson(res, ready ? 200 : 503, { status: ready ? "ready" : "not_ready", failed, checks });
      },
    },
    {
      path: "/healthz",
      methods: ["GET"],
      async handle(_req, res) {
        const [database, slack] = await Promise.all([probes.database(), probes.slack()]);
        const healthy = database && slack;
        sendJson(res, healthy ? 200 : 503, {
          status: healthy ? "ok" : "degraded",
          database: database ? "ok" : "unavailable",
          slack: slack ? "ok" : "unreachable",
          mode: deps.mode,
          followUps: deps.followUps(),
        });
      },
    },
    {
      path: "/metrics",
      methods: ["GET"],
      async handle(_req, res) {
        const text = await deps.registry.metrics();
        res.writeHead(200, { "content-type": deps.registry.contentType });
        res.end(text);
      },
    },
  ];
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}
