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

// Each playbook snapshot's id, version, step order, step budgets and the prompts that hold
// trust_before / trust_after: from the facts the store keeps (stats), or read from the snapshot's
// YAML here (events).
const snapshots =
  from === "stats"
    ? db
        .prepare("SELECT hash, playbook_id AS id, steps, trust_before_prompt AS b, trust_after_prompt AS a, playbook FROM snapshot_facts ORDER BY hash")
        .all()
        .map((r) => ({ hash: r.hash, id: r.id, steps: JSON.parse(r.steps), before: r.b, after: r.a, ...versionAndBudgets(r.playbook ? JSON.parse(r.playbook) : null) }))
    : await snapshotsFromYaml();
const metrics = snapshots.map((s) => [s.hash, s.before, s.after]);

// Per playbook: its steps in the newest version's order (then those only older versions had), and
// each step's budget from the newest version that sets one.
const playbooks = new Map();
for (const s of [...snapshots].sort((a, b) => b.version - a.version)) {
  let p = playbooks.get(s.id);
  if (!p) playbooks.set(s.id, (p = { steps: [], budgets: new Map() }));
  for (const [step, ms] of s.budgets) if (!p.budgets.has(step)) p.budgets.set(step, ms);
}
for (const s of [...snapshots].sort((a, b) => b.version - a.version)) {
  const p = playbooks.get(s.id);
  p.steps = [...new Set([...p.steps, ...s.steps])];
}

function versionAndBudgets(doc) {
  const budgets = new Map();
  for (const step of Array.isArray(doc?.steps) ? doc.steps : []) {
    const m = typeof step?.budget === "string" ? /^(?:(\d+)m)?(?:(\d+)s)?$/.exec(step.budget.trim()) : null;
    if (m && typeof step.id === "string") budgets.set(step.id, Number(m[1] ?? 0) * 60_000 + Number(m[2] ?? 0) * 1000);
  }
  return { version: typeof doc?.version === "number" ? doc.version : 0, budgets };
}

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
    return {
      hash,
      id: typeof doc?.id === "string" ? doc.id : "",
      steps: steps.map((s) => s.id),
      before: metric("trust_before"),
      after: metric("trust_after"),
      ...versionAndBudgets(doc),
    };
  });
}

const FROM_EVENTS = `WITH metric(hash, b, a) AS MATERIALIZED (SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?))
  SELECT s.started_at, s.status = 'completed', s.playbook_id,
    CASE WHEN s.status = 'completed' AND s.source = 'live' THEN coalesce((
      SELECT group_concat(substr(e.type, 1, 1) || e.at || ' ' || CASE e.type
          WHEN 'step_started' THEN e.step
          WHEN 'resumed' THEN (SELECT p.at FROM events p WHERE p.session_pk = e.session_pk AND p.id < e.id ORDER BY p.id DESC LIMIT 1)
          ELSE '' END, char(30))
      FROM events e WHERE e.session_pk = s.pk AND e.type IN ('step_started', 'paused', 'resumed', 'completed')
    ), '') END,
    (SELECT e.num FROM events e WHERE e.session_pk = s.pk AND e.prompt = m.b ORDER BY e.id DESC LIMIT 1),
    (SELECT e.num FROM events e WHERE e.session_pk = s.pk AND e.prompt = m.a ORDER BY e.id DESC LIMIT 1)
  FROM sessions s LEFT JOIN metric m ON m.hash = s.playbook_hash
  WHERE s.rehearsal = 0`;

const FROM_STATS = `SELECT s.started_at, s.status = 'completed', s.playbook_id, s.source = 'live', coalesce(st.active_ms, 0), st.step_ms, st.trust_before, st.trust_after
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
  for (const [startedAt, isCompleted, playbook, isLive, activeMs, steps, tb, ta] of db.prepare(FROM_STATS).raw(true).iterate()) {
    if (isCompleted) completed += 1;
    // Call and step times come from completed live calls: a file run answers everything at once.
    if (isCompleted && isLive) {
      durations.push(activeMs);
      // step_ms: [step id, ms] pairs, each number in LEB128 (seven bits a byte, low bits first,
      // the top bit on every byte but the last), the ids in step_names (migration 19).
      const numbers = [];
      for (let i = 0, value = 0, scale = 1; steps && i < steps.length; i++) {
        value += (steps[i] & 0x7f) * scale;
        if (steps[i] & 0x80) scale *= 128;
        else numbers.push(value), (value = 0), (scale = 1);
      }
      for (let i = 0; i + 1 < numbers.length; i += 2) addStep(playbook, stepNames.get(numbers[i]), numbers[i + 1]);
    }
    count(startedAt, tb, ta);
  }
} else {
  for (const [startedAt, isCompleted, playbook, timeline, tb, ta] of db.prepare(FROM_EVENTS).raw(true).iterate(metricsJson)) {
    if (isCompleted) completed += 1;
    if (timeline !== null) spans(playbook, timeline);
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

function addStep(playbook, step, ms) {
  let steps = stepTimes.get(playbook);
  if (!steps) stepTimes.set(playbook, (steps = new Map()));
  let list = steps.get(step);
  if (!list) steps.set(step, (list = []));
  list.push(ms);
}

/** A completed session's call time and time per step: the session engine's clocks. */
function spans(playbook, timeline) {
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
  for (const [step, ms] of own) addStep(playbook, step, ms);
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
const compare = (a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : a < b ? -1 : a > b ? 1 : 0);
const steps = [];
for (const playbook of [...stepTimes.keys()].sort(compare)) {
  const facts = playbooks.get(playbook) ?? { steps: [], budgets: new Map() };
  const rank = (s) => (facts.steps.includes(s) ? facts.steps.indexOf(s) : facts.steps.length);
  const times = stepTimes.get(playbook);
  for (const step of [...times.keys()].sort((a, b) => rank(a) - rank(b) || compare(a, b))) {
    const list = times.get(step);
    steps.push({ playbook, step, sessions: list.length, budgetMs: facts.budgets.get(step) ?? null, ...spread(list) });
  }
}
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
      steps,
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
