import type OpenAI from "openai";
import type { LlmProviderConfig } from "../config.ts";

/** A message in the OpenAI chat format, which every compatible server speaks. */
export type ChatMessage =
  | { role: "system" | "user"; content: string }
  | { role: "assistant"; content: string | null; tool_calls?: ToolCall[] }
  | { role: "tool"; tool_call_id: string; content: string };

export interface ToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

export interface ToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface ChatReply {
  content: string | null;
  toolCalls: ToolCall[];
}

/** One OpenAI-compatible endpoint: OpenAI, Azure OpenAI, OpenRouter, Ollama, vLLM, llama.cpp, LM Studio. */
export interface ChatProvider {
  name: string;
  registryModel: string | null;
  complete(messages: ChatMessage[], tools: ToolSpec[]): Promise<ChatReply>;
}

/**
 * The only place that talks to an LLM: `chat.completions` with tools, a hard
 * timeout and no retries of its own (the chain moves on to the next provider).
 */
export function createChatProvider(
  config: LlmProviderConfig,
  timeoutMs: number,
  fetch: typeof globalThis.fetch,
): ChatProvider {
  // Loaded at the first question rather than at start-up: a bot with no LLM configured, or not yet asked,
  // does not hold the library's code and tables (about 7 MB of heap).
  let client: Promise<OpenAI> | null = null;
  const connect = () => {
    client ??= import("openai").then(
      ({ default: OpenAIClient }) =>
        new OpenAIClient({
          baseURL: config.baseUrl,
          fetch,
          apiKey: config.apiKey ?? "not-needed-for-local-servers",
          timeout: timeoutMs,
          maxRetries: 0,
        }),
    );
    return client;
  };
  return {
    name: config.name,
    registryModel: config.registryModel,
    async complete(messages, tools) {
      const completion = await (await connect()).chat.completions.create({
        model: config.model,
        messages: messages as OpenAI.Chat.ChatCompletionMessageParam[],
        ...(tools.length > 0
          ? {
              tools: tools.map((tool) => ({
                type: "function" as const,
                function: { name: tool.name, description: tool.description, parameters: tool.parameters },
              })),
            }
          : {}),
        temperature: 0,
      });
      const message = completion.choices?.[0]?.message;
      if (!message) throw new Error("the reply had no message");
      const toolCalls = (message.tool_calls ?? []).flatMap((call) =>
        call.type === "function"
          ? [
              {
                id: call.id,
                type: "function" as const,
                function: { name: call.function.name, arguments: call.function.arguments },
              },
            ]
          : [],
      );
      return { content: message.content ?? null, toolCalls };
    },
  };
}
