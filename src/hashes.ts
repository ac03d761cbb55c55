/**
 * Random ids and sha256 digests, with node:crypto loaded the first time one is made: a command
 * that only reads makes neither, and loading the module costs about 5 ms of its start-up.
 */

function crypto(): typeof import("node:crypto") {
  return process.getBuiltinModule("node:crypto");
}

/** `bytes` random bytes as lowercase hex. */
export function randomHex(bytes: number): string {
  return crypto().randomBytes(bytes).toString("hex");
}

/** The sha256 of `text` (UTF-8) as lowercase hex. */
export function sha256Hex(text: string): string {
  return crypto().createHash("sha256").update(text, "utf8").digest("hex");
}
