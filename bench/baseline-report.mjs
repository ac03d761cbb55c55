#!/usr/bin/env node
// The floor for `trust report --format json`: the same figures over the same database, computed
// by a plain script with better-sqlite3 and hand-written SQL, with none of trust's layers (no
// commander, no zod, no store checks). Prints { totals, trend } in the shape of trust's JSON, so
// bench/run.mjs can check that they agree.
//   node bench/baseline-report.mjs DB TODAY(YYYY-MM-DD) [stats|events]
// stats (the floor): reads the per-session summary the store keeps (session_stats), as trust does.
// events: derives every figure from the raw timelines instead, folding each session's events
//   inside SQLite with correlated subqueries on the (session_pk, id) and (session_pk, prompt)
//   indexes: slower, but it checks the summary against the events it comes from.
import Database from "better-sqlite3";

const [file, today, from = "stats"] = process.argv.slice(2);
if (!file || !/^\d{4}-\d{2}-\d{2}$/.test(today ?? "") || !["stats", "events"].includes(from)) {
  throw new Error("usage: baseline-report.mjs DB YYYY-MM-DD [stats|events]");
}
const db = new Database(file, { readonly: true, fileMustExist: true });

// Each playbook snapshot's id, step order and the prompts that hold trust_before / trust_after:
// from the facts the store keeps (stats), or read from the snapshot's YAML here (events).
const snapshots =
  from === "stats"
    ? db.prepare("SELECT hash, playbook_id AS id, steps, trust_before_prompt AS b, trust_after_prompt AS a FROM snapshot_facts ORDER BY hash").all()
        .map((r) => ({ hash: r.hash, id: r.id, steps: JSON.parse(r.steps), before: r.b, after: r.a }))
    : await snapshotsFromYaml();
const metrics = snapshots.map((s) => [s.hash, s.before, s.after]);
const stepsById = new Map();
for (const s of snapshots) stepsById.set(s.id, [...(stepsById.get(s.id) ?? []), ...s.steps]);
const stepOrder = [...new Set([...stepsById.keys()].sort().flatMap((id) => stepsById.get(id)))];

async function snapshotsFromYaml() {
  const { parse } = await import("yaml");
  return db.prepare("SELECT hash, source FROM playbook_snapshots ORDER BY hash").all().map(({ hash, source }) => {
    let doc;
    try {
      doc = parse(source, { maxAliasCount: 100 });
    } catch {
      doc = null;
    }
    const steps = Array.isArray(doc?.steps) ? doc.steps.filter((s) => typeof s?.id === "string") : [];
    const prompts = steps.flatMap((s) => (Array.isArray(s.prompts) ? s.prompts : []));
    const metric = (name) => prompts.find((p) => p?.type === "rating" && p.metric === name && typeof p.id === "string")?.id ?? null;
    return { hash, id: typeof doc?.id === "string" ? doc.id : "", steps: steps.map((s) => s.id), before: metric("trust_before"), after: metric("trust_after") };
  });
}

const FROM_EVENTS = `WITH metric(hash, b, a) AS MATERIALIZED (SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?))
  SELECT s.started_at, s.status = 'completed',
    CASE WHEN s.status = 'completed' THEN (
      SELECT group_concat(substr(e.type, 1, 1) || e.at || ' ' || CASE e.type
          WHEN 'step_started' THEN e.step
          WHEN 'resumed' THEN (SELECT p.at FROM events p WHERE p.session_pk = e.session_pk AND p.id < e.id ORDER BY p.id DESC LIMIT 1)
          ELSE '' END, char(30))
      FROM events e WHERE e.session_pk = s.pk AND e.type IN ('step_started', 'paused', 'resumed', 'completed')
    ) END,
    (SELECT e.num FROM events e WHERE e.session_pk = s.pk AND e.prompt = m.b ORDER BY e.id DESC LIMIT 1),
    (SELECT e.num FROM events e WHERE e.session_pk = s.pk AND e.prompt = m.a ORDER BY e.id DESC LIMIT 1)
  FROM sessions s LEFT JOIN metric m ON m.hash = s.playbook_hash
  WHERE s.rehearsal = 0`;

const FROM_STATS = `SELECT s.started_at, s.status = 'completed', coalesce(st.active_ms, 0), st.step_ms, st.trust_before, st.trust_after
  FROM sessions s LEFT JOIN session_stats st ON st.session_pk = s.pk
  WHERE s.rehearsal = 0`;

let started = 0;
let completed = 0;
const durations = [];
const stepTimes = new Map();
const before = { sum: 0, n: 0 };
const after = { sum: 0, n: 0 };
const change = { sum: 0, n: 0 };
const months = new Map();

// Month keys by day: formatting a date per session costs more than the rest of the loop.
const monthOfDay = new Map();
function monthOf(ms) {
  const day = Math.floor(ms / 86_400_000);
  let month = monthOfDay.get(day);
  if (month === undefined) monthOfDay.set(day, (month = new Date(day * 86_400_000).toISOString().slice(0, 7)));
  return month;
}

const metricsJson = JSON.stringify(metrics);
const stepNames = from === "stats" ? new Map(db.prepare("SELECT id, step FROM step_names").raw(true).all()) : null;
if (from === "stats") {
  for (const [startedAt, isCompleted, activeMs, steps, tb, ta] of db.prepare(FROM_STATS).raw(true).iterate()) {
    if (isCompleted) {
      completed += 1;
      durations.push(activeMs);
      // step_ms: [step id, ms] pairs of little-endian float64s, the ids in step_names.
      for (let i = 0; steps && i + 16 <= steps.length; i += 16) addStep(stepNames.get(steps.readDoubleLE(i)), steps.readDoubleLE(i + 8));
    }
    count(startedAt, tb, ta);
  }
} else {
  for (const [startedAt, isCompleted, timeline, tb, ta] of db.prepare(FROM_EVENTS).raw(true).iterate(metricsJson)) {
    if (isCompleted) {
      completed += 1;
      spans(timeline ?? "");
    }
    count(startedAt, tb, ta);
  }
}

function count(startedAt, tb, ta) {
  started += 1;
  const month = monthOf(startedAt);
  let m = months.get(month);
  if (!m) months.set(month, (m = { n: 0, b: 0, bn: 0, a: 0, an: 0 }));
  m.n += 1;
  if (tb !== null) (before.sum += tb), (before.n += 1), (m.b += tb), (m.bn += 1);
  if (ta !== null) (after.sum += ta), (after.n += 1), (m.a += ta), (m.an += 1);
  if (tb !== null && ta !== null) (change.sum += ta - tb), (change.n += 1);
}

function addStep(step, ms) {
  let list = stepTimes.get(step);
  if (!list) stepTimes.set(step, (list = []));
  list.push(ms);
}

/** A completed session's call time and time per step: the session engine's clocks. */
function spans(timeline) {
  const own = new Map();
  let total = 0;
  let running = null;
  let runningSince = 0;
  let paused = null;
  let last = 0;
  const stop = (at) => {
    if (running === null) return;
    const ms = Math.max(0, at - runningSince);
    own.set(running, own.get(running) + ms);
    total += ms;
    running = null;
  };
  if (timeline !== "") {
    for (const mark of timeline.split("\x1e")) {
      const space = mark.indexOf(" ");
      const at = Number(mark.slice(1, space));
      const rest = mark.slice(space + 1);
      switch (mark[0]) {
        case "s":
          stop(at);
          running = rest;
          runningSince = at;
          if (!own.has(rest)) own.set(rest, 0);
          break;
        case "p":
          paused = running ?? paused;
          stop(at);
          break;
        case "c":
          stop(at);
          paused = null;
          break;
        case "r":
          if (running !== null) {
            paused = running;
            stop(rest === "" ? at : Number(rest));
          }
          if (paused !== null) (running = paused), (runningSince = at);
          paused = null;
          break;
      }
      last = at;
    }
  }
  stop(last);
  durations.push(total);
  for (const [step, ms] of own) addStep(step, ms);
}

const [commitments] = db
  .prepare(
    `SELECT sum(a.status = 'open'), sum(a.status = 'done'), sum(a.status = 'open' AND a.due < ?),
       group_concat(CASE WHEN a.status = 'done' THEN a.done_at - a.created_at END)
     FROM actions a JOIN sessions s ON s.pk = a.session_pk
     WHERE s.rehearsal = 0 AND a.status IN ('open', 'done')`,
  )
  .raw(true)
  .all(today);
const [open, done, overdue, doneList] = commitments;
db.close();

const round = (v, d) => Math.round(v * 10 ** d) / 10 ** d;
const mean = ({ sum, n }) => (n === 0 ? null : round(sum / n, 2));
function spread(values) {
  const s = Float64Array.from(values).sort();
  const at = (p) => {
    if (s.length === 0) return null;
    const rank = (s.length - 1) * p;
    const lo = Math.floor(rank);
    const hi = Math.min(s.length - 1, lo + 1);
    return Math.round(s[lo] + (s[hi] - s[lo]) * (rank - lo));
  };
  return { medianMs: at(0.5), p90Ms: at(0.9) };
}
const rank = new Map(stepOrder.map((s, i) => [s, i]));
const byRank = (a, b) => (rank.get(a) ?? stepOrder.length) - (rank.get(b) ?? stepOrder.length) || (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0);
const keys = [...months.keys()].sort();
const trend = [];
if (keys.length > 0) {
  for (let [y, mo] = keys[0].split("-").map(Number); ; mo === 12 ? ((mo = 1), (y += 1)) : (mo += 1)) {
    const month = `${String(y).padStart(4, "0")}-${String(mo).padStart(2, "0")}`;
    const m = months.get(month);
    trend.push({ month, sessions: m?.n ?? 0, trustBefore: m ? mean({ sum: m.b, n: m.bn }) : null, trustAfter: m ? mean({ sum: m.a, n: m.an }) : null });
    if (month === keys.at(-1)) break;
  }
}

process.stdout.write(
  JSON.stringify({
    totals: {
      sessions: { started, completed, completionRate: started === 0 ? null : round(completed / started, 4) },
      duration: spread(durations),
      steps: [...stepTimes.keys()].sort(byRank).map((step) => ({ step, sessions: stepTimes.get(step).length, ...spread(stepTimes.get(step)) })),
      trust: { before: mean(before), after: mean(after), change: mean(change), ratedBoth: change.n },
      commitments: {
        open: open ?? 0,
        done: done ?? 0,
        overdue: overdue ?? 0,
        medianTimeToDoneMs: spread(doneList ? doneList.split(",").map(Number) : []).medianMs,
      },
    },
    trend,
  }) + "\n",
);
