import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildExport } from "../../src/report/export-model.js";
import { buildLetter } from "../../src/report/letter.js";
import { renderLetterHtml } from "../../src/report/letter-html.js";
import { CHROMIUM_ARGS, ensureChromium } from "../helpers/chromium.js";
import { inputWith } from "../report/fixtures/session.js";

/**
 * The HTML letter as a browser lays it out (Debian's Chromium, headless): a word longer than the
 * column, such as a link or an id pasted whole on the call, stays inside the page at a phone's
 * width and a desktop's.
 */

let dir: string;
let browser: Browser;

beforeAll(async () => {
  const executablePath = ensureChromium();
  dir = mkdtempSync(join(tmpdir(), "trust-letter-html-"));
  browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the HTML letter in Chromium", () => {
  it("keeps a word longer than its column inside the page", async () => {
    const word = `https://status.example/incidents/${"a1b2c3".repeat(60)}`;
    const input = inputWith({ session: { incident: `Outage ${word}`, contacts: [{ name: "Priya Raman", email: "priya@acme.example" }] } });
    const letter = buildLetter(buildExport(input, { audience: "client", redact: false }), { signer: { name: "Dana Whitfield" } });
    const file = join(dir, "letter.html");
    writeFileSync(file, renderLetterHtml(letter));
    for (const width of [360, 1024]) {
      const tab = await browser.newPage({ viewport: { width, height: 800 } });
      await tab.goto(pathToFileURL(file).href, { waitUntil: "load" });
      expect(await tab.locator("h1").textContent()).toContain(word);
      const { scroll, view } = (await tab.evaluate("({ scroll: document.documentElement.scrollWidth, view: window.innerWidth })")) as { scroll: number; view: number };
      expect(scroll, `at ${width}px`).toBeLessThanOrEqual(view);
      await tab.close();
    }
  });
});
