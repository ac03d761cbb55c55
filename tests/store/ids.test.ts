import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
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

  it.each(["abc", "", "3f9z", "x".repeat(4), "a".repeat(33)])("refuse %j as a prefix", (ref) => {
    expect(() => prefixRange(ref, "action")).toThrow(UsageError);
  });

  it("are shown by the shortest prefix (8 or more) that tells them apart", () => {
    expect(shortId("0123456789abcdef0123456789abcdef")).toBe("01234567");
    expect(uniquePrefixLength(["aaaaaaaa1", "aaaaaaaa2"])).toBe(9);
    expect(uniquePrefixLength(["abcdefgh11", "bbcdefgh11"])).toBe(8);
  });
});
