import { describe, expect, it } from "vitest";
import { errnoCode, errnoReason, type FileAction } from "../../src/fs/errno.js";

describe("errnoReason", () => {
  it.each<[string | undefined, FileAction, string | undefined]>([
    ["ENOENT", "read", "it does not exist"],
    ["ENOENT", "write", "its folder does not exist"],
    ["EACCES", "write", "permission denied"],
    ["EPERM", "read", "permission denied"],
    ["EISDIR", "write", "it is a folder"],
    ["ENOSPC", "write", "the disk is full"],
    ["EROFS", "write", "the file system is read-only"],
    ["ENOTDIR", "write", "part of the path is a file, not a folder"],
    ["ENAMETOOLONG", "read", "a name in its path is too long"],
    ["ELOOP", "read", "it is a symbolic link that loops"],
    ["EBUSY", "write", undefined],
    ["toString", "write", undefined], // not an errno, though every object has it
    [undefined, "read", undefined],
  ])("%s while %s: %j", (code, action, words) => {
    expect(errnoReason(code, action)).toBe(words);
  });
});

describe("errnoCode", () => {
  it.each<[string, unknown, string | undefined]>([
    ["a Node error", Object.assign(new Error("x"), { code: "EACCES" }), "EACCES"],
    ["an error without a code", new Error("x"), undefined],
    ["a numeric code", { code: 13 }, undefined],
    ["null", null, undefined],
    ["a string", "EACCES", undefined],
  ])("%s", (_name, err, code) => {
    expect(errnoCode(err)).toBe(code);
  });

  it("reads what the file system really throws", async () => {
    const { readFile } = await import("node:fs/promises");
    const err = await readFile("/no/such/file/anywhere").catch((e: unknown) => e);
    expect(errnoReason(errnoCode(err), "read")).toBe("it does not exist");
  });
});
