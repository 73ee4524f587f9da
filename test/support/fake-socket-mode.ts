import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";

/**
 * Slack's Socket Mode on 127.0.0.1: says hello to each connection, sends
 * envelopes, records the acks, and can ask the client to reconnect with a
 * `disconnect` (`refresh_requested`) message as Slack does.
 */
export class FakeSocketMode {
  readonly acks: string[] = [];
  connections = 0;
  private server: WebSocketServer | null = null;
  private current: WebSocket | null = null;
  private waiters: (() => void)[] = [];

  async start(): Promise<this> {
    this.server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    await new Promise<void>((resolve) => this.server?.once("listening", () => resolve()));
    this.server.on("connection", (socket) => {
      this.connections++;
      this.current = socket;
      socket.on("message", (data) => {
        const message = JSON.parse(data.toString()) as { envelope_id?: string };
        if (message.envelope_id) this.acks.push(message.envelope_id);
        this.notify();
      });
      socket.send(
        JSON.stringify({
          type: "hello",
          num_connections: 1,
          debug_info: { host: "applink-fake", approximate_connection_time: 18060 },
          connection_info: { app_id: "A0AIGOVAPP1" },
        }),
      );
      this.notify();
    });
    return this;
  }

  get url(): string {
    const { port } = (this.server as WebSocketServer).address() as AddressInfo;
    return `ws://127.0.0.1:${port}/link/?ticket=fake-ticket`;
  }

  /** Sends an Events API envelope; resolves when the client acks it. */
  async sendEvent(envelopeId: string, body: Record<string, unknown>, retryAttempt = 0): Promise<void> {
    this.send({
      envelope_id: envelopeId,
      payload: body,
      type: "events_api",
      accepts_response_payload: false,
      retry_attempt: retryAttempt,
      retry_reason: retryAttempt > 0 ? "timeout" : "",
    });
    await this.until(() => this.acks.includes(envelopeId));
  }

  /** Slack's request to reconnect; resolves once the client is back. */
  async refresh(): Promise<void> {
    const before = this.connections;
    this.send({ type: "disconnect", reason: "refresh_requested", debug_info: { host: "applink-fake" } });
    await this.until(() => this.connections > before);
  }

  private send(message: unknown): void {
    if (!this.current) throw new Error("no Socket Mode client is connected");
    this.current.send(JSON.stringify(message));
  }

  until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("timed out waiting on the Socket Mode client")), timeoutMs);
      const check = () => {
        if (condition()) {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== check);
          resolve();
        }
      };
      this.waiters.push(check);
    });
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  async stop(): Promise<void> {
    for (const client of this.server?.clients ?? []) client.terminate();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
