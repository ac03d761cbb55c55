process.env.TZ = "UTC";

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildExport, type ExportOptions } from "../../src/report/export-model.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { fixtureInput } from "./fixtures/session.js";

/**
 * The whole export of a hand-made restore-trust session, compared byte for byte with files
 * reviewed by eye. After an intended change: UPDATE_GOLDEN=1 npx vitest run tests/report, then
 * read the diff before committing it.
 */

function golden(name: string, actual: string): void {
  const file = new URL(`./__golden__/${name}`, import.meta.url);
  if (process.env.UPDATE_GOLDEN === "1") writeFileSync(file, actual);
  if (!existsSync(file)) throw new Error(`golden file ${name} is missing: run with UPDATE_GOLDEN=1 and review it`);
  expect(actual).toBe(readFileSync(file, "utf8"));
}

const CASES: Array<[string, ExportOptions]> = [
  ["team", { audience: "team", redact: false }],
  ["team-redacted", { audience: "team", redact: true }],
  ["client", { audience: "client", redact: false }],
  ["client-redacted", { audience: "client", redact: true }],
];

describe("export golden files", () => {
  for (const [name, options] of CASES) {
    it(`renders ${name} markdown`, () => {
      golden(`${name}.md`, renderMarkdown(buildExport(fixtureInput(), options)));
    });
    it(`renders ${name} JSON`, () => {
      golden(`${name}.json`, JSON.stringify(buildExport(fixtureInput(), options), null, 2) + "\n");
    });
  }
});
