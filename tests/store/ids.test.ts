import { describe, expect, it } from "vitest";
import { NotFoundError, UsageError } from "../../src/errors.js";
import { newId, prefixRange, shortId, uniquePrefixLength } from "../../src/store/ids.js";

describe("ids", () => {
  it("are 32 random lowercase hex characters", () => {
    const ids = Array.from({ length: 100 }, newId);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(ids).size).toBe(100);
  });

  it("turn a prefix into the range of ids that start with it", () => {
    expect(prefixRange(" 3F9A ", "session")).toEqual({ lower: "3f9a", upper: "3f9ag" });
    const { lower, upper } = prefixRange("3f9a", "session");
    for (const [id, inside] of [
      ["3f9a0000000000000000000000000000", true],
      ["3f9affffffffffffffffffffffffffff", true],
      ["3f9b0000000000000000000000000000", false],
      ["3f990000000000000000000000000000", false],
    ] as const) {
      expect(id >= lower && id < upper, id).toBe(inside);
    }
  });

  it.each(["abc", "", " 3f "])("refuse %j as too short to pick one (usage, exit 2)", (ref) => {
    expect(() => prefixRange(ref, "action")).toThrow(UsageError);
    expect(() => prefixRange(ref, "action")).toThrow(/too short to pick an action: type at least 4 characters/);
  });

  it.each(["3f9z", "x".repeat(4), "zz", "a".repeat(33), "3f9a-"])("find nothing for %j, which no id starts with (not found, exit 4)", (ref) => {
    expect(() => prefixRange(ref, "session")).toThrow(NotFoundError);
    try {
      prefixRange(ref, "session");
    } catch (err) {
      expect((err as NotFoundError).exitCode).toBe(4);
      // The reason given is the one that holds: not hexadecimal, or too long.
      const why = /^[0-9a-f]*$/.test(ref) ? "ids are at most 32 hexadecimal characters" : "ids are hexadecimal (0-9, a-f)";
      expect((err as NotFoundError).message).toBe(`no session starts with "${ref}": ${why}`);
      expect((err as NotFoundError).hint).toBe("Ids are hexadecimal, like 3f9a2c1d; list them with `trust sessions`.");
    }
  });

  it("are shown by the shortest prefix (8 or more) that tells them apart", () => {
    expect(shortId("0123456789abcdef0123456789abcdef")).toBe("01234567");
    expect(uniquePrefixLength(["aaaaaaaa1", "aaaaaaaa2"])).toBe(9);
    expect(uniquePrefixLength(["abcdefgh11", "bbcdefgh11"])).toBe(8);
  });
});
