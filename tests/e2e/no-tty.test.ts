import fs from "node:fs";
import { afterEach, beforeEach, expect, test } from "vitest";
import { runCli } from "../helpers/cli.js";
import { START_ARGS, sandbox, type Sandbox } from "./helpers.js";

let box: Sandbox;
beforeEach(() => {
  box = sandbox();
});
afterEach(() => box.cleanup());

// runCli gives no TTY and an empty, closed stdin; its timeout kills a run that waits for input
// (exit code null), so a hang fails the test instead of blocking it.
test.each([
  ["start", START_ARGS, "trust: start needs a terminal to ask its questions"],
  ["resume", ["resume"], "trust: resume needs a terminal to ask its questions"],
])("%s without a terminal fails at once with exit 2, says why, and creates nothing", async (_name, args, message) => {
  const r = await runCli(args, { env: box.env, timeoutMs: 15_000 });
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  const [first, ...rest] = r.stderr.trimEnd().split("\n");
  expect(first).toContain(message);
  expect(rest.every((l) => l.startsWith("hint: "))).toBe(true);
  expect(fs.existsSync(box.db)).toBe(false);
});
