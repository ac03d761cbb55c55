import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultDbPath, resolveDbPath } from "../../src/store/index.js";

describe("defaultDbPath", () => {
  it.each([
    [{ HOME: "/home/ann" }, "/home/ann/.local/share/trust/trust.db"],
    [{ HOME: "/home/ann", XDG_DATA_HOME: "/data" }, "/data/trust/trust.db"],
    [{ HOME: "/home/ann", XDG_DATA_HOME: "relative/data" }, "/home/ann/.local/share/trust/trust.db"],
    [{ HOME: "/home/ann", XDG_DATA_HOME: "" }, "/home/ann/.local/share/trust/trust.db"],
    [{ HOME: "/home/ann", XDG_DATA_HOME: "/data", TRUST_DB: "/srv/t.db" }, "/srv/t.db"],
    [{ HOME: "/home/ann", TRUST_DB: "~/t.db" }, "/home/ann/t.db"],
    [{ HOME: "/home/ann", TRUST_DB: "" }, "/home/ann/.local/share/trust/trust.db"],
  ])("%o -> %s", (env, expected) => {
    expect(defaultDbPath(env)).toBe(expected);
  });

  it("makes a relative TRUST_DB absolute", () => {
    expect(defaultDbPath({ TRUST_DB: "t.db" })).toBe(resolve("t.db"));
  });
});

describe("resolveDbPath", () => {
  const env = { HOME: "/home/ann", TRUST_DB: "/srv/t.db" };
  it("prefers --db over the environment", () => {
    expect(resolveDbPath({ db: "/tmp/x.db" }, env)).toBe("/tmp/x.db");
    expect(resolveDbPath({ db: "x.db" }, env)).toBe(join(process.cwd(), "x.db"));
  });
  it("falls back to the default", () => {
    expect(resolveDbPath({}, env)).toBe("/srv/t.db");
  });
});
