import { describe, expect, it } from "vitest";
import type { ChalkInstance } from "chalk";
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

describe("FORCE_COLOR", () => {
  it("colours a pipe when set, at the depth it names, and wins over NO_COLOR but not --no-color", async () => {
    expect(useColor(pipe, {}, { FORCE_COLOR: "1" })).toBe(true);
    expect(useColor(pipe, {}, { FORCE_COLOR: "true" })).toBe(true);
    expect(useColor(pipe, {}, { FORCE_COLOR: "1", NO_COLOR: "1" })).toBe(true);
    expect(useColor(pipe, { color: false }, { FORCE_COLOR: "1" })).toBe(false);
    expect((await paintFor(pipe, {}, { FORCE_COLOR: "1" })).red("x")).toBe("\x1b[31mx\x1b[39m");
    // The depth it names: chalk's own, whose 16 million colours the screens never ask for.
    expect(((await paintFor(pipe, {}, { FORCE_COLOR: "3" })) as ChalkInstance).rgb(1, 2, 3)("x")).toBe("\x1b[38;2;1;2;3mx\x1b[39m");
  });

  it("turns colour off on a terminal when 0 or false, and means nothing when empty", () => {
    expect(useColor(tty, {}, { FORCE_COLOR: "0" })).toBe(false);
    expect(useColor(tty, {}, { FORCE_COLOR: "false" })).toBe(false);
    expect(useColor(pipe, {}, { FORCE_COLOR: "" })).toBe(false);
    expect(useColor(tty, {}, { FORCE_COLOR: "" })).toBe(true);
  });
});

describe("paintFor", () => {
  it("returns plain text when colour is off", async () => {
    expect((await paintFor(pipe, {}, {})).red("x")).toBe("x");
    expect((await paintFor(tty, { color: false }, {})).bold("x")).toBe("x");
  });
});
