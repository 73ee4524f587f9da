// The baseline for the acknowledgement benchmark: Bolt with no-op listeners,
// in its own process like the app. Usage: node --import tsx bench/bare-bolt-server.ts PORT SLACK_API_URL TOKEN SECRET
import { App } from "@slack/bolt";

const [port = "0", apiUrl = "", token = "", secret = ""] = process.argv.slice(2);
const app = new App({
  token,
  signingSecret: secret,
  botId: "B0BARE",
  botUserId: "U0BARE",
  clientOptions: { slackApiUrl: apiUrl },
});
app.command("/aigov", async ({ ack }) => ack());
app.event("app_mention", async () => {});
app.action("answers_feedback_helpful", async ({ ack }) => ack());
app.view("incident_update", async ({ ack }) => ack());
await app.start(Number(port));
process.stdout.write("ready\n");
