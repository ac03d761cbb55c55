import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { SCAN_BYTES, scanIdInText, scanPlaybookId } from "../../src/playbook/scan-id.js";

const dir = mkdtempSync(join(tmpdir(), "trust-scan-id-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("scanIdInText", () => {
  it.each([
    ["id: restore-trust\ntitle: x\n", "restore-trust"],
    ["# yaml-language-server: $schema=x\nid: team   # a comment\n", "team"],
    ["\uFEFF---\nid: 'quoted'\r\ntitle: x\r\n", "quoted"],
    ["title: A\ndescription: >-\n  id: not-this\n  more\ntags: [a, b]\nid: after-tags\n", "after-tags"],
    ["steps:\n- id: a-step\n  title: x\nid: top\n", "top"],
    ["id: &anchor anchored\n", "anchored"],
  ])("finds the id in %j", (text, id) => {
    expect(scanIdInText(text)).toEqual({ kind: "id", id });
  });

  it.each([
    ["title: x\n"],
    ['title: "a multi-line\nid: inside-a-string"\n'],
    ["title: [a,\nid: inside-a-list]\n"],
    ["{ id: flow }\n"],
    ['"id": quoted-key\n'],
    ["id: 12\n"],
    ["id:\n  nested: value\n"],
    ["id: *alias\n"],
    ["? id\n: complex\n"],
    ["--- id: on-the-marker\n"],
  ])("is not sure of %j", (text) => {
    expect(scanIdInText(text)).toEqual({ kind: "unknown" });
  });

  it("agrees with the YAML parser wherever it is sure (the builtin-style header)", () => {
    const text = "# c\nid: x-1\ntitle: T\nversion: 1\n";
    expect(scanIdInText(text)).toEqual({ kind: "id", id: (parse(text) as { id: string }).id });
  });
});

describe("scanPlaybookId", () => {
  it("reads a file's id from its head, across chunk boundaries", async () => {
    const file = join(dir, "late.yaml");
    writeFileSync(file, `${"# padding line\n".repeat(1000)}id: late\n`);
    expect(await scanPlaybookId(file)).toEqual({ kind: "id", id: "late" });
  });

  it("gives up after its budget of bytes", async () => {
    const file = join(dir, "far.yaml");
    writeFileSync(file, `${"# padding line\n".repeat(SCAN_BYTES / 10)}id: far\n`);
    expect(await scanPlaybookId(file)).toEqual({ kind: "unknown" });
  });

  it("does not open what cannot be a playbook: a folder, a missing file, one over the size limit", async () => {
    const big = join(dir, "big.yaml");
    writeFileSync(big, `id: big\n${"x".repeat(1024 * 1024)}`);
    for (const file of [dir, join(dir, "missing.yaml"), big]) expect(await scanPlaybookId(file)).toEqual({ kind: "unusable" });
  });
});
