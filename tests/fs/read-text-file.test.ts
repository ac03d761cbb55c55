import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MAX_FILE_BYTES, readTextFile, type TextRead } from "../../src/fs/read-text-file.js";

const dir = mkdtempSync(join(tmpdir(), "trust-read-text-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A file in the temporary folder holding `bytes`; its path. */
function file(name: string, bytes: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

describe("readTextFile", () => {
  mkdirSync(join(dir, "folder"));
  it.each<[string, () => string, TextRead]>([
    ["UTF-8 text", () => file("ok.yaml", "id: café\n"), { kind: "text", text: "id: café\n" }],
    ["an empty file", () => file("empty.yaml", ""), { kind: "text", text: "" }],
    ["exactly the limit", () => file("full.yaml", "x".repeat(MAX_FILE_BYTES)), { kind: "text", text: "x".repeat(MAX_FILE_BYTES) }],
    ["Latin-1 on line 2", () => file("latin.yaml", Buffer.from("id: x\ntitle: caf\xe9\n", "latin1")), { kind: "not-utf8", line: 2, col: 11 }],
    ["a bad first byte", () => file("first.yaml", Buffer.from([0xff, 0x41])), { kind: "not-utf8", line: 1, col: 1 }],
    ["a missing file", () => join(dir, "nope.yaml"), { kind: "unreadable", problem: { kind: "missing" } }],
    ["a folder", () => join(dir, "folder"), { kind: "unreadable", problem: { kind: "folder" } }],
    [
      "one byte over the limit",
      () => file("big.yaml", "x".repeat(MAX_FILE_BYTES + 1)),
      { kind: "unreadable", problem: { kind: "too-big", size: MAX_FILE_BYTES + 1, known: true } },
    ],
  ])("%s", async (_name, path, expected) => {
    expect(await readTextFile(path())).toEqual(expected);
  });

  it("reads - as a file named - unless standard input is allowed", async () => {
    expect(await readTextFile("-")).toEqual({ kind: "unreadable", problem: { kind: "missing" } });
  });
});
