import assert from "node:assert/strict";
import { request } from "node:http";
import { after, before, describe, it } from "node:test";
import { startTestApp, type TestApp } from "../support/test-app.ts";

/** A raw request, so that paths such as `//slack/events` reach the server as written. */
function send(
  t: TestApp,
  method: string,
  path: string,
  body?: string,
): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${t.baseUrl}/`, { method, path, headers: body ? { "content-type": "application/json" } : {} });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("requests to routes or with methods the bot does not serve", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const cases: [string, string, number][] = [
    ["GET", "/", 404],
    ["GET", "/nothing-here", 404],
    ["GET", "//slack/events", 404],
    ["POST", "//slack/events", 404],
    ["GET", "/slack/events", 405],
    ["OPTIONS", "/slack/events", 405],
    ["POST", "/healthz", 405],
    ["OPTIONS", "/metrics", 405],
    ["DELETE", "/readyz", 405],
  ];
  for (const [method, path, status] of cases) {
    it(`answers ${method} ${path} with ${status} and keeps running`, async () => {
      const response = await send(t, method, path);
      assert.equal(response.status, status);
      if (status === 405) assert.ok(response.headers.allow, "a 405 says which methods are allowed");
      assert.equal((await send(t, "GET", "/livez")).status, 200);
    });
  }

  it("answers HEAD on every probe, as a load balancer's curl -I sends it", async () => {
    for (const path of ["/livez", "/readyz", "/healthz", "/metrics"]) {
      const response = await send(t, "HEAD", path);
      assert.equal(response.status, 200, path);
      assert.equal(response.text, "", `${path} sends no body to HEAD`);
    }
  });

  it("refuses a signed JSON body that is not an object with 400, and keeps answering", async () => {
    for (const body of ["null", "[]", "42", '"text"']) {
      const sent = await t.slack.send(body, "application/json");
      assert.equal(sent.status, 400, body);
    }
    const form = await t.slack.send("payload=null", "application/x-www-form-urlencoded");
    assert.equal(form.status, 400);
    await t.slack.slashCommand("help");
    await t.fake.waitForResponse((r) => /\/aigov help/.test(r.body.text ?? ""));
  });
});
