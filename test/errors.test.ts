import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AppError, messageOf } from "../src/errors.ts";

describe("messageOf", () => {
  it("gives an Error's message, an AppError's included", () => {
    assert.equal(messageOf(new TypeError("bad input")), "bad input");
    assert.equal(
      messageOf(new AppError("not_found", "There is no incident INC-9999")),
      "There is no incident INC-9999",
    );
  });

  it("gives anything else thrown as text", () => {
    assert.equal(messageOf("socket hang up"), "socket hang up");
    assert.equal(messageOf(42), "42");
    assert.equal(messageOf(undefined), "undefined");
  });
});
