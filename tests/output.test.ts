import { describe, expect, it } from "vitest";
import { paintFor, useColor } from "../src/output.js";

const tty = { isTTY: true };
const pipe = { isTTY: false };

describe("useColor", () => {
  it("colours a terminal only", () => {
    expect(useColor(tty, {}, {})).toBe(true);
    expect(useColor(pipe, {}, {})).toBe(false);
    expect(useColor({}, {}, {})).toBe(false);
  });

  it("honours --no-color and a non-empty NO_COLOR", () => {
    expect(useColor(tty, { color: false }, {})).toBe(false);
    expect(useColor(tty, {}, { NO_COLOR: "1" })).toBe(false);
    expect(useColor(tty, {}, { NO_COLOR: "" })).toBe(true);
    expect(useColor(tty, { color: true }, {})).toBe(true);
  });
});

describe("paintFor", () => {
  it("returns plain text when colour is off", () => {
    expect(paintFor(pipe, {}, {}).red("x")).toBe("x");
    expect(paintFor(tty, { color: false }, {}).bold("x")).toBe("x");
  });
});
