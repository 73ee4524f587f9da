import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Seals what the bot puts in Slack for Slack to hand back (a button's value,
 * a modal's private_metadata), so that a payload carrying it can be checked
 * to hold exactly what the bot wrote. Slack's request signature does not
 * prove that: anyone holding the signing secret can sign any payload. The
 * key is therefore derived from the bot token, which posting a card or
 * updating a view would need anyway, and never from the signing secret.
 */
export interface ValueSealer {
  /** The fields as JSON, with a `mac` field over them. */
  seal(fields: Record<string, string | null>): string;
  /** The fields the bot sealed, or null for anything it did not write. */
  open(text: string | undefined): Record<string, unknown> | null;
}

const MAC_BYTES = 16;

export function createValueSealer(botToken: string): ValueSealer {
  const key = createHmac("sha256", botToken).update("aigov sealed values v1").digest();
  const macOf = (json: string) => createHmac("sha256", key).update(json).digest().subarray(0, MAC_BYTES);
  return {
    seal(fields) {
      return JSON.stringify({ ...fields, mac: macOf(JSON.stringify(fields)).toString("base64url") });
    },
    open(text) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text ?? "");
      } catch {
        return null;
      }
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return null;
      const { mac, ...fields } = parsed as Record<string, unknown>;
      if (typeof mac !== "string") return null;
      const given = Buffer.from(mac, "base64url");
      // Key order survives JSON.parse, so the fields serialize as they were sealed.
      const expected = macOf(JSON.stringify(fields));
      return given.length === expected.length && timingSafeEqual(given, expected) ? fields : null;
    },
  };
}
