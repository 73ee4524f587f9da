import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ChatRequest {
  model: string;
  messages: { role: string; content: string | null; tool_calls?: unknown[]; tool_call_id?: string }[];
  tools?: { function: { name: string } }[];
}

export type FakeReply =
  | { content: string }
  | { toolCalls: { name: string; arguments: Record<string, unknown> }[] }
  | { status: number; error: string }
  | { hang: true };

/**
 * An OpenAI-compatible `/v1/chat/completions` on 127.0.0.1, with the real
 * wire format for tool calls and error bodies. `reply` decides each answer.
 */
export class FakeOpenAI {
  readonly requests: ChatRequest[] = [];
  /** How long each answer takes, like a real model's generation time. */
  delayMs = 0;
  private server: Server | null = null;
  private calls = 0;

  reply: (request: ChatRequest, index: number) => FakeReply;

  constructor(reply: (request: ChatRequest, index: number) => FakeReply) {
    this.reply = reply;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => setTimeout(answer, this.delayMs));
      const answer = () => {
        if (req.url !== "/v1/chat/completions" || req.method !== "POST") {
          res.writeHead(404, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: { message: "not found", type: "invalid_request_error", code: null } }));
          return;
        }
        const request = JSON.parse(Buffer.concat(chunks).toString("utf8")) as ChatRequest;
        this.requests.push(request);
        const reply = this.reply(request, this.calls++);
        if ("hang" in reply) return;
        if ("status" in reply) {
          res.writeHead(reply.status, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: { message: reply.error, type: "server_error", param: null, code: null } }));
          return;
        }
        const message =
          "content" in reply
            ? { role: "assistant", content: reply.content, refusal: null }
            : {
                role: "assistant",
                content: null,
                refusal: null,
                tool_calls: reply.toolCalls.map((call, i) => ({
                  id: `call_${this.calls}_${i}`,
                  type: "function",
                  function: { name: call.name, arguments: JSON.stringify(call.arguments) },
                })),
              };
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            id: `chatcmpl-${this.calls}`,
            object: "chat.completion",
            created: Math.floor(Date.now() / 1000),
            model: request.model,
            choices: [{ index: 0, message, logprobs: null, finish_reason: "content" in reply ? "stop" : "tool_calls" }],
            usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
          }),
        );
      };
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", () => resolve()));
    return this;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${((this.server as Server).address() as AddressInfo).port}/v1`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
