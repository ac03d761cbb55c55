"use strict";
// The CI gate's plain-SQL floor (npm run bench): what a hand-written script pays for the same
// answer: Node, better-sqlite3 and the file opened, one query for the owner's overdue commitments
// on the index trust uses, a line per commitment written to stdout, exit 3 when there is any. It
// checks nothing, knows no people file or time zone and draws no table: what is left of the gate's
// ratio above this one is trust's own.
//   node bench/gate-floor.cjs <db> <owner> <today YYYY-MM-DD>
const Database = require("better-sqlite3");
const { writeSync } = require("node:fs");

const [file, owner, today] = process.argv.slice(2);
const db = new Database(file, { readonly: true, fileMustExist: true });
const rows = db
  .prepare(
    `SELECT a.id, a.due, a.owner, a.what, a.client FROM actions a INDEXED BY actions_owner
     WHERE a.status = 'open' AND a.due < ? AND a.owner = ? AND a.rehearsal = 0
     ORDER BY a.due, a.created_at, a.session_pk, a.position`,
  )
  .raw(true)
  .all(today, owner);
db.close();
let out = "";
for (const [id, due, who, what, client] of rows) out += `${id.slice(0, 8)}  ${due}  ${who}  ${what}  ${client}  overdue\n`;
const bytes = Buffer.from(out);
for (let done = 0; done < bytes.length; ) done += writeSync(1, bytes, done);
process.exitCode = rows.length > 0 ? 3 : 0;
