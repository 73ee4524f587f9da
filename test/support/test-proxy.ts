import { EventEmitter } from "node:events";
import { createServer, request, type Server } from "node:http";
import { type AddressInfo, connect, type Socket } from "node:net";

/**
 * A forward proxy on 127.0.0.1 that records the target of everything sent
 * through it: CONNECT tunnels (https and WebSocket targets, and http ones when
 * the client tunnels them too) and absolute-form requests (plain http).
 */
export class TestProxy {
  /** `host:port` of each tunnel or request, in arrival order. */
  readonly targets: string[] = [];
  private readonly events = new EventEmitter();
  private readonly sockets = new Set<Socket>();
  private server: Server | null = null;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const target = new URL(req.url ?? "");
      this.record(target.host);
      const upstream = request(
        target,
        { method: req.method, headers: { ...req.headers, connection: "close" } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", () => res.destroy());
      req.pipe(upstream);
    });
    this.server.on("connect", (req, client: Socket, head: Buffer) => {
      this.record(req.url ?? "");
      const [host, port] = (req.url ?? "").split(":");
      const upstream = connect(Number(port), host ?? "127.0.0.1", () => {
        client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on("close", () => this.sockets.delete(socket));
        socket.on("error", () => {
          client.destroy();
          upstream.destroy();
        });
      }
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    return this;
  }

  /** What HTTPS_PROXY and HTTP_PROXY point at. */
  get url(): string {
    const { port } = (this.server as Server).address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Resolves once something was sent to `host:port` through the proxy. */
  waitForTarget(target: string, timeoutMs = 5000): Promise<void> {
    if (this.targets.includes(target)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.events.off("target", check);
        reject(
          new Error(`nothing went to ${target} through the proxy; it saw ${this.targets.join(", ") || "nothing"}`),
        );
      }, timeoutMs);
      const check = () => {
        if (!this.targets.includes(target)) return;
        clearTimeout(timer);
        this.events.off("target", check);
        resolve();
      };
      this.events.on("target", check);
    });
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }

  private record(target: string): void {
    this.targets.push(target);
    this.events.emit("target");
  }
}
