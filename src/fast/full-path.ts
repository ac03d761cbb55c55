/**
 * Thrown by a quick read file (dist/read-<verb>.cjs) where a command reaches code it was built
 * without: the YAML parser, zod, the mail and calendar writers (a people file to read, an older
 * database to upgrade, a snapshot to check again, a letter or a calendar to write). Every such
 * place comes before the command writes anything, so the run starts again through the full CLI,
 * which loads them. scripts/build.mjs puts a module throwing this where each of them would be.
 */
export class FullPathNeeded extends Error {
  override name = "FullPathNeeded";
  constructor(readonly missing: string) {
    super(`the quick read path was built without ${missing}`);
  }
}
