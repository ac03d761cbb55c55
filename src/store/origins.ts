import type { Database, Statement } from "better-sqlite3";
import { newId } from "./ids.js";

/**
 * The writers of events (migration 15): every trust process that appends an event to this file
 * gets an origin of its own, made with its first event, and events merged from elsewhere keep
 * theirs. An event's global identity is (origin id, seq), so merging files or a server is a union.
 */
export interface Origin {
  /** Local key, in events.origin. */
  pk: number;
  /** 32 lowercase hex characters, random: the same in every file and on the server. */
  id: string;
}

export class Origins {
  private own: Origin | undefined;
  private readonly byId = new Map<string, number>();
  private readonly byPk = new Map<number, string>();
  private readonly find: Statement;
  private readonly findPk: Statement;
  private readonly insert: Statement;

  constructor(db: Database) {
    this.find = db.prepare("SELECT pk FROM origins WHERE id = ?").pluck();
    this.findPk = db.prepare("SELECT id FROM origins WHERE pk = ?").pluck();
    this.insert = db.prepare("INSERT INTO origins (id) VALUES (?)");
  }

  /** This process's origin, made inside the caller's transaction the first time it writes. */
  mine(): Origin {
    if (this.own === undefined) {
      const id = newId();
      this.own = { id, pk: Number(this.insert.run(id).lastInsertRowid) };
      this.remember(this.own);
    }
    return this.own;
  }

  /** The local key of an origin by its id, made when this file has not seen it yet. */
  pkOf(id: string): number {
    let pk = this.byId.get(id) ?? (this.find.get(id) as number | undefined);
    if (pk === undefined) pk = Number(this.insert.run(id).lastInsertRowid);
    this.remember({ pk, id });
    return pk;
  }

  /** The id of a local key. */
  idOf(pk: number): string {
    let id = this.byPk.get(pk) ?? (this.findPk.get(pk) as string | undefined);
    if (id === undefined) throw new Error(`events name origin ${pk}, which the origins table does not hold`);
    this.remember({ pk, id });
    return id;
  }

  /** Forgets what a rolled-back transaction may have made. */
  forget(): void {
    this.own = undefined;
    this.byId.clear();
    this.byPk.clear();
  }

  private remember({ pk, id }: Origin): void {
    this.byId.set(id, pk);
    this.byPk.set(pk, id);
  }
}
