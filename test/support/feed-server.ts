import { EventEmitter } from "node:events";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { EXAMPLE_REGISTRY } from "./test-app.ts";

export interface FeedResponse {
  status?: number;
  body: string;
  headers?: Record<string, string>;
  /** Wait this long before answering (to test timeouts). */
  delayMs?: number;
  /** Answer only once this settles (to hold a poll in flight). */
  until?: Promise<void>;
}

/**
 * A vendor's status page or model list on 127.0.0.1: serves whatever the
 * test sets per path, honours If-None-Match with 304, records requests.
 */
export class FeedServer {
  readonly requests: { path: string; headers: IncomingHttpHeaders }[] = [];
  /** Paths of requests the client gave up on (timed out, aborted) before they were answered. */
  readonly abandoned: string[] = [];
  private readonly responses = new Map<string, FeedResponse>();
  private readonly arrivals = new EventEmitter();
  private server: Server | null = null;
  private baseUrl = "";

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const path = new URL(req.url ?? "/", "http://localhost").pathname;
      this.requests.push({ path, headers: req.headers });
      this.arrivals.emit("request");
      res.on("close", () => {
        if (!res.writableFinished) this.abandoned.push(path);
      });
      const response = this.responses.get(path);
      const answer = () => {
        if (!response) {
          res.writeHead(404, { "content-type": "text/plain" });
          res.end("not found");
          return;
        }
        const etag = response.headers?.etag;
        if (etag && req.headers["if-none-match"] === etag) {
          res.writeHead(304, { etag });
          res.end();
          return;
        }
        res.writeHead(response.status ?? 200, { "content-type": "application/json", ...response.headers });
        res.end(response.body);
      };
      if (response?.delayMs) setTimeout(answer, response.delayMs);
      else if (response?.until) void response.until.then(answer);
      else answer();
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  url(path = ""): string {
    return `${this.baseUrl}${path}`;
  }

  /** Resolves once the server has received `count` requests in all. */
  requested(count: number): Promise<void> {
    if (this.requests.length >= count) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (this.requests.length < count) return;
        this.arrivals.off("request", check);
        resolve();
      };
      this.arrivals.on("request", check);
    });
  }

  serve(path: string, response: FeedResponse): void {
    this.responses.set(path, response);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

/** The example registry, with Anthropic's status page on the given server and no other page; returns its file. */
export function registryWatching(server: FeedServer, dir: string): string {
  const registry = parse(readFileSync(EXAMPLE_REGISTRY, "utf8"));
  for (const vendor of registry.vendors) {
    if (vendor.id === "anthropic") vendor.status_page = server.url();
    else delete vendor.status_page;
  }
  const file = join(dir, "registry.yml");
  writeFileSync(file, stringify(registry));
  return file;
}
