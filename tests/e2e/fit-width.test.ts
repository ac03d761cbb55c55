import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import stringWidth from "string-width";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientDb, type ClientDb } from "../helpers/client-db.js";
import { TerminalSession } from "../helpers/pty.js";

/**
 * Listings and reports on a real terminal (issue 12): the built CLI in a pseudo-terminal at 60,
 * 80 and 120 columns, with client and owner names in CJK and emoji, writes no line wider than
 * the terminal (measured by display width, and by xterm, which marks a row it had to wrap), cuts
 * only text, never a number; on a pipe every name is whole.
 */

const NOW = "2026-11-20T12:00:00Z";
const CLIENTS = ["東京海上ホールディングス株式会社", "🚀 Rocket Labs 👩‍💻 Platform Team", "Acme Corporation International Holdings Limited"];
const LONG_WHAT = "Refund every double charge to the cards affected by the billing run 💳 and confirm each by mail";

let dir: string;
let db: ClientDb;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "trust-fit-"));
  db = clientDb(dir, "fit");
  let day = 1;
  for (const client of CLIENTS) {
    for (const [before, after] of [[1, 3], [2, 4]] as const) {
      await db.call({
        at: `2026-10-${String(day++).padStart(2, "0")}T10:00:00Z`,
        client,
        incident: `請求の二重計上 — billing ran twice for ${client}`,
        owner: "山田 太郎",
        trust: [before, after],
        actions: [
          { what: LONG_WHAT, owner: "Ana Whitfield-Okonkwo 🌍", due: "2026-11-02" },
          { what: "週次の状況報告を送る", owner: "山田 太郎", due: "2026-12-15" },
        ],
      });
    }
  }
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COMMANDS: string[][] = [
  ["report"],
  ["report", "--group-by", "client"],
  ["report", "--group-by", "owner"],
  ["report", "--group-by", "playbook"],
  ["sessions"],
  ["actions"],
  ["actions", "--status", "all"],
  ["clients"],
  ["client", CLIENTS[0]!],
];

/** Runs `args` in a pseudo-terminal `cols` wide; answers its output lines and xterm's rows. */
async function onTerminal(args: string[], cols: number) {
  const term = new TerminalSession(args, { TRUST_DB: db.db, TRUST_NOW: NOW, TRUST_PLAYBOOKS: join(dir, "playbooks") }, { cols, rows: 40 });
  const code = await term.exited;
  const lines = term.transcript.replace(/\r/g, "").replace(/\n$/, "").split("\n");
  return { code, lines, rows: await term.normalRows(), transcript: term.transcript };
}

describe.each([60, 80, 120])("at %i columns", (cols) => {
  it.each(COMMANDS.map((args) => [args.join(" "), args]))("trust %s fits", async (_, args) => {
    const { code, lines, rows, transcript } = await onTerminal(args as string[], cols);
    expect(code, transcript).toBe(0);
    for (const line of lines) expect(stringWidth(line), `${JSON.stringify(line)} is wider than ${cols}`).toBeLessThanOrEqual(cols);
    expect(rows.filter((r) => r.isWrapped).map((r) => r.text)).toEqual([]);
    // Something was listed: the report's figures, or a row per session or commitment.
    expect(lines.length).toBeGreaterThan(3);
  });

  it("trust show fits, its long answers wrapped at word boundaries", async () => {
    const { code, lines, rows, transcript } = await onTerminal(["show", await firstSession()], cols);
    expect(code, transcript).toBe(0);
    for (const line of lines) expect(stringWidth(line), `${JSON.stringify(line)} is wider than ${cols}`).toBeLessThanOrEqual(cols);
    expect(rows.filter((r) => r.isWrapped).map((r) => r.text)).toEqual([]);
    // Every word of the incident is there whole, wherever the line broke.
    const words = lines.join(" ").split(/\s+/);
    for (const word of ["billing", "ran", "twice"]) expect(words).toContain(word);
  });

  it("cuts names, never numbers", async () => {
    const { lines } = await onTerminal(["report", "--group-by", "client"], cols);
    const text = lines.join("\n");
    // Six sessions, three clients of two each: every count is there whole.
    expect(text).toMatch(/6 started, 6 completed \(100%\)/);
    expect(text.match(/^\S.*?\s2\s+2\s+100%/gm)?.length ?? 0).toBeGreaterThanOrEqual(cols >= 120 ? 3 : 0);
    const { lines: actions } = await onTerminal(["actions"], cols);
    // Every open commitment's due date and id whole, on one line each.
    expect(actions.filter((l) => /\b2026-11-02\b/.test(l))).toHaveLength(CLIENTS.length * 2);
    expect(actions.filter((l) => /\b2026-12-15\b/.test(l))).toHaveLength(CLIENTS.length * 2);
  });
});

/** The id of the first session listed. */
async function firstSession(): Promise<string> {
  const r = await db.trust(["sessions", "--json"], NOW);
  return (JSON.parse(r.stdout) as Array<{ id: string }>)[0]!.id;
}

describe("on a pipe", () => {
  it("trust show keeps every line whole", async () => {
    const r = await db.trust(["show", await firstSession()], NOW);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Client: .* · Incident: 請求の二重計上 — billing ran twice for .* · Severity: .* · Owner: 山田 太郎$/m);
  });

  it("keeps every name and every commitment whole", async () => {
    const r = await db.trust(["actions"], NOW);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("…");
    for (const client of CLIENTS) expect(r.stdout).toContain(client);
    expect(r.stdout).toContain(LONG_WHAT);
    const s = await db.trust(["sessions"], NOW);
    for (const client of CLIENTS) expect(s.stdout).toContain(client);
  });
});
