import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { E2E_TIMEOUT, KEY, START_ARGS, sandbox, until, waitForPrompt, type Sandbox } from "./helpers.js";

/**
 * The call's clocks run on their own: the header is redrawn once a second with no key pressed,
 * and a step past its budget says so (in red) without waiting for a key. The clock is not
 * pinned here (TRUST_NOW would stop it).
 */

let box: Sandbox;
beforeEach(() => {
  box = sandbox({ pinClock: false });
});
afterEach(() => box.cleanup());

/** "45s", "3m 05s", "1h 02m" in seconds. */
function seconds(d: string): number {
  let total = 0;
  for (const [, n, unit] of d.matchAll(/(\d+)([hms])/g)) total += Number(n) * (unit === "h" ? 3600 : unit === "m" ? 60 : 1);
  return total;
}

/** The call and step times the header (row 1) shows. */
function times(screen: string): { call: number; step: number; header: string } {
  const header = screen.split("\n")[0] ?? "";
  const m = /call ((?:\d+[hms] ?)+) · step ((?:\d+[hms] ?)+)/.exec(header);
  if (!m) throw new Error(`no call and step times in the header: ${header}`);
  return { call: seconds(m[1]!), step: seconds(m[2]!), header };
}

test(
  "waiting on a question, the header's call and step times tick without a key pressed",
  async () => {
    const t = box.open([...START_ARGS, "--attendee", "Sam Lee", "--contact", "Priya Raman"]);
    const first = times(await waitForPrompt(t, "Have you read the full timeline"));
    const steps = new Set<number>([first.step]);
    const last = times(
      await until(
        t,
        (s) => {
          const now = times(s);
          steps.add(now.step);
          return now.step >= first.step + 3;
        },
        "the step time 3 s on",
        30_000,
      ),
    );
    // Redrawn every second: the seconds in between are seen on the way (the poll is far faster
    // than a second; one may be missed on a loaded machine).
    expect(steps.size, [...steps].join(", ")).toBeGreaterThanOrEqual(3);
    expect(last.call).toBeGreaterThanOrEqual(first.call + 3);
    expect(last.header).toMatch(/^Acme · 1\/9 /);
    // The question is still the same one, nothing was answered meanwhile.
    await waitForPrompt(t, "Have you read the full timeline");
    t.press(KEY.ctrlC);
    expect(await t.exited).toBe(130);
  },
  E2E_TIMEOUT,
);

test(
  "a step past its budget shows (over), in red, without a key pressed",
  async () => {
    const file = path.join(box.dir, "quick-check.yaml");
    fs.writeFileSync(
      file,
      [
        "id: quick-check",
        "title: A quick check",
        "version: 1",
        "description: A two-step check-in, the first step with a two-second budget.",
        "steps:",
        "  - id: check",
        "    title: Check in",
        "    budget: 2s",
        "    say: [How are things since the fix?]",
        "    avoid: [Rushing them.]",
        "    prompts:",
        "      - { id: mood, type: text, message: How do they sound? }",
        "  - id: close",
        "    title: Close",
        "    budget: 5m",
        "    prompts:",
        "      - { id: next, type: text, message: When do we talk next? }",
      ].join("\n"),
    );
    const t = box.open(["start", file, "--client", "Acme", "--incident", "Slow API", "--severity", "low", "--owner", "Dana", "--attendee", "Sam", "--contact", "Priya"], undefined, {
      FORCE_COLOR: "1",
    });
    const start = await waitForPrompt(t, "How do they sound?");
    expect(start.split("\n")[0]).toMatch(/^Acme · 1\/2 .*step \d+s of 2s/);
    const over = await until(t, (s) => (s.split("\n")[0] ?? "").includes("(over)"), "(over) in the header", 30_000);
    expect(over.split("\n")[0]).toMatch(/step [2-9]s of 2s \(over\)/);
    // In red (SGR 31) in the bytes written, and only once it is over.
    expect(t.raw).toMatch(/\x1b\[31mstep \d+s of 2s \(over\)\x1b\[39m/);
    expect(t.raw).not.toMatch(/\x1b\[31mstep \d+s of 2s\x1b\[39m/);
    expect(t.raw).toMatch(/step 0s of 2s/);
    expect(t.raw).not.toMatch(/\x1b\[31mstep 0s/);

    // A new step has its own budget: the next header is not over.
    t.press("Calmer now");
    t.press(KEY.enter);
    const next = await waitForPrompt(t, "When do we talk next?");
    expect(next.split("\n")[0]).toMatch(/^Acme · 2\/2 .*step \d+s of 5m 00s/);
    expect(next.split("\n")[0]).not.toContain("(over)");
    t.press(KEY.ctrlC);
    expect(await t.exited).toBe(130);
  },
  E2E_TIMEOUT,
);
