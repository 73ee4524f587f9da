import { createHmac, randomBytes } from "node:crypto";
import { FAKE_BOT_USER_ID, FAKE_TEAM_ID, type FakeSlack } from "./fake-slack.ts";

export const TEST_SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const APP_ID = "A0AIGOVAPP1";

export interface SentRequest {
  status: number;
  text: string;
  json: () => any;
}

export interface SignOptions {
  /** Seconds since the epoch; now by default. */
  timestamp?: number;
  /** Replaces the computed signature, to test forgeries. */
  signature?: string;
  retryNum?: number;
  retryReason?: string;
}

/** Slack's v0 request signature: HMAC-SHA256 over `v0:{timestamp}:{body}`. */
export function signSlackRequest(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

let counter = 0;
const uniqueId = (prefix: string) =>
  `${prefix}${Date.now().toString(36).toUpperCase()}${(counter++).toString(36).toUpperCase()}`;

/** The Events API envelope Slack wraps `event` in, over HTTP and Socket Mode alike. */
export function eventEnvelope(event: Record<string, unknown>, eventId = uniqueId("Ev")): Record<string, unknown> {
  return {
    token: "legacy-verification-token",
    team_id: FAKE_TEAM_ID,
    api_app_id: APP_ID,
    event: { team: FAKE_TEAM_ID, event_ts: event.ts, ...event },
    type: "event_callback",
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: FAKE_TEAM_ID,
        user_id: FAKE_BOT_USER_ID,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  };
}

/** Posts a body and returns the response; fetch by default. */
export type Transport = (
  url: string,
  headers: Record<string, string>,
  body: string,
) => Promise<{ status: number; text: string }>;

const fetchTransport: Transport = async (url, headers, body) => {
  const response = await fetch(url, { method: "POST", headers, body });
  return { status: response.status, text: await response.text() };
};

/**
 * Sends requests to the app's real HTTP receiver exactly as Slack does: the
 * same body formats and headers, signed with the signing secret, and with
 * response_urls that point back at the fake Slack.
 */
export class SlackRequester {
  readonly eventsUrl: string;
  readonly fake: FakeSlack;
  readonly signingSecret: string;
  readonly transport: Transport;

  constructor(
    eventsUrl: string,
    fake: FakeSlack,
    signingSecret = TEST_SIGNING_SECRET,
    transport: Transport = fetchTransport,
  ) {
    this.eventsUrl = eventsUrl;
    this.fake = fake;
    this.signingSecret = signingSecret;
    this.transport = transport;
  }

  async send(body: string, contentType: string, options: SignOptions = {}): Promise<SentRequest> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      "content-type": contentType,
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": options.signature ?? signSlackRequest(this.signingSecret, timestamp, body),
      "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
    };
    if (options.retryNum !== undefined) {
      headers["x-slack-retry-num"] = String(options.retryNum);
      headers["x-slack-retry-reason"] = options.retryReason ?? "http_timeout";
    }
    const { status, text } = await this.transport(this.eventsUrl, headers, body);
    return { status, text, json: () => JSON.parse(text) };
  }

  /** A slash command, in the form body Slack posts. */
  slashCommand(
    text: string,
    options: { user?: string; channel?: string; command?: string } & SignOptions = {},
  ): Promise<SentRequest> {
    const body = new URLSearchParams({
      token: "legacy-verification-token",
      team_id: FAKE_TEAM_ID,
      team_domain: "fake",
      channel_id: options.channel ?? "C0GENERAL01",
      channel_name: "general",
      user_id: options.user ?? "U0EMPLOYEE1",
      user_name: "employee",
      command: options.command ?? "/aigov",
      text,
      api_app_id: APP_ID,
      is_enterprise_install: "false",
      response_url: this.fake.newResponseUrl(),
      trigger_id: `${Date.now()}.1761091294307.${randomBytes(16).toString("hex")}`,
    }).toString();
    return this.send(body, "application/x-www-form-urlencoded", options);
  }

  /** An Events API envelope around `event`, signed and posted. */
  event(event: Record<string, unknown>, options: { eventId?: string } & SignOptions = {}): Promise<SentRequest> {
    return this.send(JSON.stringify(eventEnvelope(event, options.eventId)), "application/json", options);
  }

  /** An interactivity payload (block_actions, view_submission, shortcuts). */
  interaction(payload: Record<string, unknown>, options: SignOptions = {}): Promise<SentRequest> {
    const body = new URLSearchParams({
      payload: JSON.stringify({
        team: { id: FAKE_TEAM_ID, domain: "fake" },
        api_app_id: APP_ID,
        token: "legacy-verification-token",
        trigger_id: `${Date.now()}.1761091294307.${randomBytes(16).toString("hex")}`,
        is_enterprise_install: false,
        ...payload,
      }),
    }).toString();
    return this.send(body, "application/x-www-form-urlencoded", options);
  }

  /** A button click on a message the bot posted. */
  blockAction(options: {
    actionId: string;
    value: string;
    user?: string;
    channel?: string;
    messageTs?: string;
    threadTs?: string;
    blockId?: string;
    /** A click on an ephemeral message: Slack then sends no `message`. */
    ephemeral?: boolean;
  }): Promise<SentRequest> {
    const channel = options.channel ?? "C0GENERAL01";
    const messageTs = options.messageTs ?? "1700000000.000100";
    const ephemeral = options.ephemeral ?? false;
    return this.interaction({
      type: "block_actions",
      user: { id: options.user ?? "U0EMPLOYEE1", username: "employee", name: "employee", team_id: FAKE_TEAM_ID },
      container: { type: "message", message_ts: messageTs, channel_id: channel, is_ephemeral: ephemeral },
      channel: { id: channel, name: "general" },
      ...(ephemeral
        ? {}
        : {
            message: {
              type: "message",
              ts: messageTs,
              text: "",
              user: FAKE_BOT_USER_ID,
              ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
            },
          }),
      response_url: this.fake.newResponseUrl(),
      actions: [
        {
          type: "button",
          action_id: options.actionId,
          block_id: options.blockId ?? "actions",
          value: options.value,
          text: { type: "plain_text", text: "button", emoji: true },
          action_ts: `${Date.now() / 1000}`,
        },
      ],
    });
  }

  /** A message shortcut on `message` in `channel`. */
  messageShortcut(options: {
    callbackId: string;
    channel: string;
    message: { ts: string; text: string; user: string; thread_ts?: string };
    user?: string;
  }): Promise<SentRequest> {
    return this.interaction({
      type: "message_action",
      callback_id: options.callbackId,
      action_ts: `${Date.now() / 1000}`,
      message_ts: options.message.ts,
      user: { id: options.user ?? "U0EMPLOYEE1", name: "employee" },
      channel: { id: options.channel, name: "general" },
      message: { type: "message", ...options.message },
      response_url: this.fake.newResponseUrl(),
    });
  }

  /**
   * Submits a modal the app opened, filling its inputs as a person would:
   * `values` maps a block id to a text, a unix time, an option value or a
   * list of option values, depending on the element in that block.
   */
  viewSubmission(view: any, values: Record<string, unknown>, user = "U0EMPLOYEE1"): Promise<SentRequest> {
    const state: Record<string, Record<string, unknown>> = {};
    for (const block of view.blocks as any[]) {
      if (block.type !== "input") continue;
      const element = block.element;
      const given = values[block.block_id];
      const options: any[] = element.options ?? (element.option_groups ?? []).flatMap((g: any) => g.options);
      const pick = (value: unknown) => options.find((o) => o.value === value) ?? null;
      let value: Record<string, unknown>;
      switch (element.type) {
        case "plain_text_input":
          value = { type: element.type, value: given === undefined ? null : String(given) };
          break;
        case "static_select":
          value = { type: element.type, selected_option: given === undefined ? null : pick(given) };
          break;
        case "multi_static_select":
          value = { type: element.type, selected_options: ((given as unknown[]) ?? []).map(pick).filter(Boolean) };
          break;
        case "datetimepicker":
          value = { type: element.type, selected_date_time: given ?? element.initial_date_time ?? null };
          break;
        default:
          throw new Error(`viewSubmission cannot fill a ${element.type}`);
      }
      state[block.block_id] = { [element.action_id]: value };
    }
    return this.interaction({
      type: "view_submission",
      user: { id: user, username: "employee", name: "employee", team_id: FAKE_TEAM_ID },
      view: {
        // Each form Slack opens has its own id, which a submission carries.
        id: view.id ?? uniqueId("V0"),
        team_id: FAKE_TEAM_ID,
        type: "modal",
        callback_id: view.callback_id,
        private_metadata: view.private_metadata ?? "",
        hash: "1700000000.abcdef",
        blocks: view.blocks,
        state: { values: state },
        title: view.title,
      },
      response_urls: [],
    });
  }
}
