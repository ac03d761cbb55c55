import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_ARGS, ensureChromium } from "../helpers/chromium.js";
import { ROOT, runCli } from "../helpers/cli.js";
import { markDone, timedCall, type TimedCall } from "../helpers/live-calls.js";

/**
 * `trust report --format html` (issue 12) opened in headless Chromium (Debian's, installed by the
 * test setup when missing): no console error, no request but the file itself, every chart an
 * SVG with the marks the fixture calls for, nothing typed turned into markup, both colour
 * schemes and print. Screenshots go to test-output/html-report/ for a person to look at.
 *
 * The sessions are written through the store into a real SQLite file, as live calls with timed
 * steps (an answers file would give no step times); the page is written by the built CLI.
 */

const OUT = join(ROOT, "test-output", "html-report");
const HOSTILE_CLIENT = `Evil <script>alert("x")</script> & "Co" <img src=x onerror=alert(1)>`;
const HOSTILE_OWNER = "<b>Sam</b>";

let dir: string;
let page: string;
let browser: Browser;

beforeAll(async () => {
  const executablePath = ensureChromium();
  dir = mkdtempSync(join(tmpdir(), "trust-html-"));
  const db = join(dir, "trust.db");
  timedCall(db, { day: "2026-09-10", client: "Acme", trust: [2, 4], actions: [{ what: "Refund the double charge", owner: "Dana", due: "2026-09-20" }] });
  timedCall(db, { day: "2026-10-05", client: HOSTILE_CLIENT, trust: [1, 3], actions: [{ what: "Send the review", owner: HOSTILE_OWNER, due: "2026-10-10" }] });
  timedCall(db, { day: "2026-11-02", client: "東京海上", trust: [3, 4], actions: [{ what: "Weekly status mail", owner: "Dana", due: "2026-12-01" }] });
  markDone(db, "Refund the double charge", "2026-09-18T12:00:00Z");

  page = join(dir, "report.html");
  const r = await runCli(["report", "--format", "html", "--group-by", "client", "--out", page], { env: { TRUST_DB: db, TRUST_NOW: "2026-11-20T12:00:00Z", TZ: "UTC" } });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  mkdirSync(OUT, { recursive: true });
  browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the HTML report in Chromium", () => {
  it("is private to its owner, like every file trust writes with client data", () => {
    expect(statSync(page).mode & 0o777).toBe(0o600);
  });

  it("loads with no console error and no request but its own file, and draws every chart", async () => {
    const tab = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    tab.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") errors.push(m.text());
    });
    tab.on("pageerror", (e) => errors.push(e.message));
    tab.on("request", (req) => requests.push(req.url()));
    const url = pathToFileURL(page).href;
    await tab.goto(url, { waitUntil: "load" });
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);

    const marks = (chart: string, extra = "") => tab.locator(`svg#${chart} .mark${extra}`).count();
    // Three clients rated before and after: two dots each.
    expect(await marks("chart-trust-by-client")).toBe(6);
    expect(await marks("chart-trust-by-client", ".before")).toBe(3);
    // Three months, each rated before and after.
    expect(await marks("chart-trend")).toBe(6);
    // Due in September and done, due in October and overdue, due in December and open.
    expect(await marks("chart-due")).toBe(3);
    expect(await marks("chart-due", ".overdue")).toBe(1);
    expect(await marks("chart-due", ".done")).toBe(1);
    // Dana: one done, one open; Sam: one overdue.
    expect(await marks("chart-owners")).toBe(3);
    expect(await marks("chart-owners", ".overdue")).toBe(1);
    // Four timed steps, one playbook.
    expect(await marks("chart-steps")).toBe(4);
    // Every chart is an image with a title and a description for screen readers, and a table beside it.
    for (const chart of await tab.locator("svg.chart").all()) {
      expect(await chart.getAttribute("role")).toBe("img");
      const labelled = (await chart.getAttribute("aria-labelledby"))!.split(" ");
      for (const id of labelled) expect((await tab.locator(`[id="${id}"]`).textContent())!.length).toBeGreaterThan(5);
    }
    expect(await tab.locator("svg.chart").count()).toBe(5);
    expect(await tab.locator("table").count()).toBeGreaterThanOrEqual(6);
    // Trust per client, from the lighter pass that leaves call times out, has the figures of --group-by client.
    const acme = tab.locator("table", { has: tab.locator("caption", { hasText: "Trust per client" }) }).locator("tr", { hasText: "Acme" });
    expect(await acme.locator("td").allTextContents()).toEqual(["1", "2.0", "4.0", "+2.0"]);
    // Overdue counts are red in the tables too.
    expect(await tab.locator("td.overdue").count()).toBeGreaterThan(0);
    await tab.screenshot({ path: join(OUT, "report-light.png"), fullPage: true });
    await tab.close();
  });

  it("shows what people typed as text, never as markup", async () => {
    const tab = await browser.newPage();
    const dialogs: string[] = [];
    tab.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await tab.goto(pathToFileURL(page).href);
    expect(await tab.locator("script").count()).toBe(0);
    expect(await tab.locator("img").count()).toBe(0);
    expect(await tab.locator("b").count()).toBe(0);
    const text = await tab.locator("body").innerText();
    expect(text).toContain(HOSTILE_CLIENT);
    expect(text).toContain(HOSTILE_OWNER);
    expect(text).toContain("東京海上");
    expect(dialogs).toEqual([]);
    await tab.close();
  });

  it("follows a dark colour scheme, and prints", async () => {
    const tab = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    // The page's own window: tsconfig has no DOM lib, so name what is used.
    type Styled = { getComputedStyle(el: unknown): { fill: string; backgroundColor: string } };
    // evaluate() sends the function's source to the page, so no helper closures.
    const fill = () =>
      tab.locator("svg#chart-trend .mark.before").first().evaluate((el) => (globalThis as unknown as Styled).getComputedStyle(el).fill);
    const background = () =>
      tab.locator("body").evaluate((el) => (globalThis as unknown as Styled).getComputedStyle(el).backgroundColor);
    await tab.emulateMedia({ colorScheme: "light" });
    await tab.goto(pathToFileURL(page).href);
    const light = { fill: await fill(), background: await background() };
    await tab.emulateMedia({ colorScheme: "dark" });
    const dark = { fill: await fill(), background: await background() };
    expect(dark.background).not.toBe(light.background);
    expect(dark.fill).not.toBe(light.fill);
    await tab.screenshot({ path: join(OUT, "report-dark.png"), fullPage: true });
    await tab.emulateMedia({ media: "print", colorScheme: "dark" });
    // Printed, the page is black on white whatever the screen's scheme.
    expect(await background()).toBe("rgb(255, 255, 255)");
    const pdf = await tab.pdf({ path: join(OUT, "report.pdf") });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    await tab.close();
  });
});

describe("the README's picture", () => {
  /** A team's autumn: eight calls on both playbooks, commitments kept, late and overdue. */
  const CALLS: TimedCall[] = [
    { day: "2026-09-03", client: "Acme Retail", trust: [2, 4], actions: [{ what: "Refund the double charge", owner: "Dana", due: "2026-09-10" }] },
    { day: "2026-09-17", client: "Northwind", playbook: "service-outage", owner: "Sam", trust: [1, 3], minutes: [5, 9, 8, 4], actions: [{ what: "Publish the incident review", owner: "Sam", due: "2026-09-30" }] },
    { day: "2026-10-01", client: "Globex", trust: [3, 4], minutes: [3, 5, 4, 2], actions: [{ what: "Weekly status mail", owner: "Lee", due: "2026-10-20" }] },
    { day: "2026-10-08", client: "Acme Retail", playbook: "service-outage", trust: [2, 3], minutes: [6, 7, 9, 5], actions: [{ what: "Add queue alerts", owner: "Lee", due: "2026-10-31" }] },
    { day: "2026-10-22", client: "Initech", owner: "Sam", trust: [1, 2], minutes: [7, 10, 6, 5], actions: [{ what: "Credit October's invoice", owner: "Priya", due: "2026-11-05" }] },
    { day: "2026-11-04", client: "Northwind", playbook: "service-outage", owner: "Sam", trust: [3, 4], minutes: [4, 6, 5, 3], actions: [{ what: "Quarterly review", owner: "Dana", due: "2026-12-15" }] },
    { day: "2026-11-12", client: "Globex", trust: [4, 5], minutes: [3, 4, 3, 2], actions: [{ what: "Send the runbook", owner: "Lee", due: "2026-11-19" }] },
    { day: "2026-11-18", client: "Initech", playbook: "service-outage", owner: "Sam", trust: [2, 4], minutes: [5, 8, 7, 4], actions: [{ what: "Failover drill", owner: "Priya", due: "2026-12-04" }] },
  ];

  it("is the top of a team's report at a laptop's width", async () => {
    const team = mkdtempSync(join(tmpdir(), "trust-html-team-"));
    try {
      const db = join(team, "trust.db");
      for (const c of CALLS) timedCall(db, c);
      markDone(db, "Refund the double charge", "2026-09-09T12:00:00Z");
      markDone(db, "Publish the incident review", "2026-10-06T12:00:00Z");
      markDone(db, "Weekly status mail", "2026-10-19T12:00:00Z");
      markDone(db, "Send the runbook", "2026-11-18T12:00:00Z");
      const html = join(team, "report.html");
      const r = await runCli(["report", "--format", "html", "--out", html], { env: { TRUST_DB: db, TRUST_NOW: "2026-11-25T12:00:00Z", TZ: "UTC" } });
      expect(r.code).toBe(0);
      const tab = await browser.newPage({ viewport: { width: 900, height: 1000 } });
      await tab.goto(pathToFileURL(html).href);
      expect(await tab.locator("svg.chart").count()).toBe(5);
      const shot = join(OUT, "report-html.png");
      await tab.screenshot({ path: shot });
      await tab.close();
      // UPDATE_SCREENSHOT=1 copies it to docs/, a deliberate change to look at like a golden file.
      if (process.env.UPDATE_SCREENSHOT === "1") copyFileSync(shot, join(ROOT, "docs", "report-html.png"));
    } finally {
      rmSync(team, { recursive: true, force: true });
    }
  });
});
