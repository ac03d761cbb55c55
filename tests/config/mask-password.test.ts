import { describe, expect, it } from "vitest";
import { maskPassword } from "../../src/config/settings.js";
import { runCli } from "../helpers/cli.js";

/** A team server's password is never printed, however the address was written (README: the team server). */
describe("maskPassword", () => {
  it.each([
    ["postgres://sam:s3cret@db.example.com/trust", "postgres://sam:***@db.example.com/trust"],
    ["postgresql://sam:p%40ss@db:5432/trust?sslmode=require", "postgresql://sam:***@db:5432/trust?sslmode=require"],
    ["postgres://db.example.com/trust?user=sam&password=s3cret&sslmode=require", "postgres://db.example.com/trust?user=sam&password=***&sslmode=require"],
    ["mysql://admin:TOPSECRET@host/db", "mysql://admin:***@host/db"],
    // No scheme: an easy typo, shown in the message that refuses it.
    ["admin:TOPSECRET@127.0.0.1:5432/trust", "admin:***@127.0.0.1:5432/trust"],
    // libpq's key=value form, quoted or not.
    ["host=127.0.0.1 port=5432 user=admin password=s3cret dbname=trust", "host=127.0.0.1 port=5432 user=admin password=*** dbname=trust"],
    ["host=db password = 'it''s secret' dbname=trust", "host=db password = *** dbname=trust"],
    ["host=db PASSWORD='a b\\'c' dbname=trust", "host=db PASSWORD=*** dbname=trust"],
    // Nothing to hide.
    ["postgres://sam@db.example.com:5432/trust", "postgres://sam@db.example.com:5432/trust"],
    ["db.example.com:5432/trust", "db.example.com:5432/trust"],
  ])("%s", (given, shown) => {
    expect(maskPassword(given)).toBe(shown);
  });

  it("holds in the message refusing an address that is not a postgres:// URL, and in trust doctor", async () => {
    for (const remote of ["admin:TOPSECRET@127.0.0.1:1/trust", "host=127.0.0.1 user=admin password=TOPSECRET dbname=trust"]) {
      const sync = await runCli(["sync", "--remote", remote, "--db", "/nonexistent-folder-for-trust/x.db"]);
      expect(sync.code).toBe(2);
      expect(sync.stderr).toMatch(/^trust: the team server must be a postgres:\/\/ URL/);
      const doctor = await runCli(["doctor", "--json", "--db", "/nonexistent-folder-for-trust/x.db"], { env: { TRUST_REMOTE: remote } });
      for (const out of [sync.stdout, sync.stderr, doctor.stdout, doctor.stderr]) expect(out).not.toContain("TOPSECRET");
      expect(doctor.stdout).toContain("***");
    }
  });
});
