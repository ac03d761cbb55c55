// How long a key takes to show on the call screen: the built CLI in a pseudo-terminal at 80x24,
// on restore-trust's list of facts already holding a dozen entries (the busiest screen of the
// call), keys written one at a time; each is timed from the write until the terminal's screen
// (a headless xterm fed with the pty's output) shows it in the input row. The floor is the same
// harness around a bare Node program that echoes each key in raw mode.
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import { join } from "node:path";

const require = createRequire(import.meta.url);

/**
 * Times `keys` keystrokes on the call screen and on the floor; p50/p99/max in ms for each.
 * Keystrokes are sent one after another, each once the previous one is on screen.
 */
export async function measureEcho({ bin, keys = 200, env = {}, log = () => {} }) {
  const pty = require("node-pty");
  const { Terminal } = require("@xterm/headless");
  const home = mkdtempSync(join(os.tmpdir(), "trust-bench-echo-"));
  try {
    const baseEnv = { PATH: process.env.PATH ?? "", HOME: home, TZ: "UTC", NO_COLOR: "1", TERM: "xterm-256color", ...env };
    const floor = await run(pty, Terminal, [process.execPath, ["-e", FLOOR]], baseEnv, async (t) => {
      await t.waitRow((r) => r.startsWith("ready"));
      return t.time(keys, (typed) => (row) => row.trimEnd() === `> ${typed}`.trimEnd());
    });
    log(`keystroke echo floor: p99 ${floor.p99.toFixed(2)} ms`);
    const args = [bin, "start", "--client", "Acme", "--incident", "Outage", "--severity", "high", "--owner", "Dana", "--attendee", "Sam", "--contact", "Priya"];
    const trust = await run(pty, Terminal, [process.execPath, args], { ...baseEnv, TRUST_DB: join(home, "t.db") }, async (t) => {
      // Step 1 answered, then a dozen facts so the list fills its area.
      await t.waitScreen((s) => s.includes("Have you read"));
      t.write("y\r");
      await t.waitScreen((s) => s.includes("What do we know for sure"));
      t.write("known\x04");
      await t.waitScreen((s) => s.includes("trust us right now"));
      t.write("2\r");
      await t.waitScreen((s) => s.includes("What happened, as Acme saw it"));
      for (let i = 1; i <= 12; i++) t.write(`fact number ${i}, as the client told it\r`);
      await t.waitScreen((s) => s.includes("fact number 12"));
      return t.time(keys, (typed) => (row) => row.trimEnd() === `› ${typed}`.trimEnd());
    });
    return { trust, floor };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

// A raw-mode echo: what a terminal program can do at best in this harness.
const FLOOR = `
process.stdin.setRawMode(true);
let line = "";
process.stdout.write("ready\\r\\n> ");
process.stdin.on("data", (d) => {
  for (const ch of d.toString()) {
    if (ch === "\\x03") process.exit(0);
    if (ch === "\\x15") { line = ""; process.stdout.write("\\r\\x1b[K> "); continue; }
    line += ch;
    process.stdout.write(ch);
  }
});
`;

async function run(pty, Terminal, [file, args], env, body) {
  const term = new Terminal({ cols: 80, rows: 24, allowProposedApi: true });
  const proc = pty.spawn(file, args, { name: "xterm-256color", cols: 80, rows: 24, env });
  let listeners = [];
  proc.onData((d) => term.write(d, () => listeners.forEach((f) => f())));
  const rows = () => {
    const buf = term.buffer.active;
    const out = [];
    for (let i = 0; i < term.rows; i++) out.push(buf.getLine(buf.viewportY + i)?.translateToString(true) ?? "");
    return out;
  };
  const waitScreen = (ok, ms = 30_000) =>
    new Promise((resolve, reject) => {
      const check = () => {
        if (ok(rows().join("\n"))) {
          listeners = listeners.filter((f) => f !== check);
          clearTimeout(timer);
          resolve();
        }
      };
      const timer = setTimeout(() => reject(new Error(`timed out; screen:\n${rows().join("\n")}`)), ms);
      listeners.push(check);
      check();
    });
  const t = {
    write: (s) => proc.write(s),
    waitScreen,
    waitRow: (ok) => waitScreen((s) => s.split("\n").some(ok)),
    async time(n, shows) {
      const samples = [];
      let typed = "";
      for (let i = 0; i < n; i++) {
        if (typed.length >= 50) {
          proc.write("\x15"); // ^U: clear the line (not timed)
          typed = "";
          await waitScreen((s) => s.split("\n").some(shows("")));
        }
        const ch = String.fromCharCode(97 + (i % 26));
        typed += ch;
        const ok = shows(typed);
        const start = process.hrtime.bigint();
        proc.write(ch);
        await waitScreen((s) => s.split("\n").some(ok));
        samples.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      samples.sort((a, b) => a - b);
      const at = (q) => samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)];
      return { p50: at(0.5), p99: at(0.99), max: samples.at(-1), samples: samples.length };
    },
  };
  try {
    return await body(t);
  } finally {
    proc.kill();
  }
}
