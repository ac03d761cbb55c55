// The targets (issues 5, 8, 10, 11, 12 and 16), checked against a results object, and the table bench/run.mjs prints.

/** Each target with its measured value and whether it is met. */
export function targets(r) {
  const check = (value, op, limit) => ({ value, limit, met: value === null ? null : op === "<=" ? value <= limit : value < limit });
  return {
    // Issue 11: every command close to bare Node.
    startup_version_ratio: { ...check(r.startup_version_ratio, "<=", 1.1), rule: "<= 1.10" },
    startup_help_ratio: { ...check(r.startup_help_ratio, "<=", 1.1), rule: "<= 1.10" },
    export_ratio: { ...check(r.export_ratio ?? null, "<=", 1.5), rule: "<= 1.5" },
    show_ratio: { ...check(r.show_ratio ?? null, "<=", 1.5), rule: "<= 1.5" },
    gate_ratio: { ...check(r.gate_ratio ?? null, "<=", 1.5), rule: "<= 1.5" },
    report_ratio: { ...check(r.report_ratio, "<=", 1.5), rule: "<= 1.5" },
    // Issue 16: a client's page within a little more than Node's own start-up.
    client_ratio: { ...check(r.client_ratio, "<=", 1.5), rule: "<= 1.5" },
    client_typical_ratio: { ...check(r.client_typical_ratio, "<=", 1.5), rule: "<= 1.5" },
    // Only meaningful at full size: a small database says nothing about it.
    report_ms: { ...check(r.dataset.sessions >= 100_000 ? r.report_ms : null, "<=", 250), rule: "<= 250 ms at 100,000 sessions" },
    report_peak_rss_mb: { ...check(r.report_peak_rss_mb, "<=", 80), rule: "<= 80 MB" },
    // Issue 12: the page with its charts costs little more than the JSON figures.
    report_html_ratio: { ...check(r.report_html_ratio ?? null, "<=", 1.5), rule: "<= 1.5x json" },
    answer_commit_p99_ms: { ...check(r.answer_commit_p99_ms, "<=", 2), rule: "<= 2 ms (fsynced)" },
    report_growth_vs_linear: { ...check(r.report_growth_vs_linear, "<=", 1), rule: "<= 1 (no worse than linear)" },
    keystroke_echo_p99_ms: { ...check(r.keystroke_echo_p99_ms, "<=", 16), rule: "<= 16 ms" },
    // Issue 14: the team server; the bulk figures only mean something at full size.
    sync_push_ms: { ...check(r.dataset.sessions >= 100_000 ? (r.sync_push_ms ?? null) : null, "<=", 60_000), rule: "<= 60 s at 100,000 sessions" },
    sync_pull_ms: { ...check(r.dataset.sessions >= 100_000 ? (r.sync_pull_ms ?? null) : null, "<=", 60_000), rule: "<= 60 s at 100,000 sessions" },
    sync_push_peak_rss_mb: { ...check(r.sync_push_peak_rss_mb ?? null, "<=", 200), rule: "<= 200 MB" },
    sync_pull_peak_rss_mb: { ...check(r.sync_pull_peak_rss_mb ?? null, "<=", 200), rule: "<= 200 MB" },
    sync_incremental_ms: { ...check(r.sync_incremental_ms ?? null, "<=", 300), rule: "<= 300 ms" },
  };
}

/** A readable table of the figures, to stdout. */
export function printTable(r) {
  const t = r.targets;
  const mark = (name) => (t[name].met === null ? "" : t[name].met ? "ok" : "MISSED");
  const rows = [
    ["measure", "trust", "floor", "ratio", "target", ""],
    ["startup: --version (ms)", r.trust_version_ms, r.node_floor_ms, r.startup_version_ratio, t.startup_version_ratio.rule, mark("startup_version_ratio")],
    ["startup: --help (ms)", r.trust_help_ms, r.node_floor_ms, r.startup_help_ratio, t.startup_help_ratio.rule, mark("startup_help_ratio")],
    [`report --format json, ${r.dataset.sessions} sessions (ms)`, r.report_ms, r.report_baseline_ms, r.report_ratio, t.report_ratio.rule, mark("report_ratio")],
    ["  absolute (ms)", r.report_ms, "", "", t.report_ms.rule, mark("report_ms")],
    ["  peak RSS (MB)", r.report_peak_rss_mb, r.report_baseline_peak_rss_mb, "", t.report_peak_rss_mb.rule, mark("report_peak_rss_mb")],
    [`report --format html (ms), ${r.report_html_kb} kB page`, r.report_html_ms, r.report_ms, r.report_html_ratio, t.report_html_ratio.rule, mark("report_html_ratio")],
    ["  same figures as the baseline", r.report_matches_baseline ? "yes" : "NO", "", "", "", r.report_matches_baseline ? "ok" : "MISMATCH"],
    ["  same figures from the raw events (ms)", r.report_matches_events ? "yes" : "NO", r.report_from_events_ms, "", "", r.report_matches_events ? "ok" : "MISMATCH"],
    [`report, ${r.dataset.small_sessions} sessions (ms)`, r.report_small_ms, "", r.report_growth_ratio, `growth <= ${r.dataset.sessions / r.dataset.small_sessions}x`, mark("report_growth_vs_linear")],
    ["export <id> (ms)", r.export_ms, r.reads_node_floor_ms, r.export_ratio, t.export_ratio.rule, mark("export_ratio")],
    ["show <id> (ms)", r.show_ms, r.reads_node_floor_ms, r.show_ratio, t.show_ratio.rule, mark("show_ratio")],
    [`actions --overdue --fail --owner (${r.gate_owner_overdue} rows) (ms)`, r.gate_ms, r.reads_node_floor_ms, r.gate_ratio, t.gate_ratio.rule, mark("gate_ratio")],
    ["  its plain-SQL floor: better-sqlite3, one query (ms)", r.gate_sql_floor_ms, r.reads_node_floor_ms, r.gate_sql_floor_ratio, "", ""],
    [`sessions --json --since 30d: ${r.sessions_since_30d_count} (ms)`, r.sessions_since_30d_ms, r.reads_node_floor_ms, "", "", ""],
    [`client --json, ${r.client_calls} calls (ms)`, r.client_ms, r.client_node_floor_ms, r.client_ratio, t.client_ratio.rule, mark("client_ratio")],
    [`client --json, ${r.client_typical_calls} calls, the median (ms)`, r.client_typical_ms, r.client_node_floor_ms, r.client_typical_ratio, t.client_typical_ratio.rule, mark("client_typical_ratio")],
    [`clients --json, ${r.clients_count} clients (ms)`, r.clients_ms, r.client_node_floor_ms, "", "", ""],
    ["cpu time: startup, worse of the two (ms)", Math.max(r.trust_version_cpu_ms, r.trust_help_cpu_ms), r.node_floor_cpu_ms, r.startup_cpu_ratio, "", ""],
    ["cpu time: report (ms)", r.report_cpu_ms, r.report_baseline_cpu_ms, r.report_cpu_ratio, "", ""],
    ["cpu time: client (ms)", r.client_cpu_ms, r.client_node_floor_cpu_ms, r.client_cpu_ratio, "", ""],
    ["write open: integrity checked / recorded sound (ms)", r.write_open_checked_ms, r.write_open_recorded_ms, "", "", ""],
    ["answer commit p50 (ms)", r.answer_commit_p50_ms, r.answer_commit_floor_p50_ms, "", "", ""],
    ["answer commit p99 (ms)", r.answer_commit_p99_ms, r.answer_commit_floor_p99_ms, "", t.answer_commit_p99_ms.rule, mark("answer_commit_p99_ms")],
    ["keystroke echo p50, 80x24, full list (ms)", r.keystroke_echo_p50_ms, r.keystroke_echo_floor_p50_ms, "", "", ""],
    ["keystroke echo p99 (ms)", r.keystroke_echo_p99_ms, r.keystroke_echo_floor_p99_ms, "", t.keystroke_echo_p99_ms.rule, mark("keystroke_echo_p99_ms")],
    [`sync --push, ${r.sync_push_events} events to an empty server (ms)`, r.sync_push_ms, r.sync_copy_floor_ms, "", t.sync_push_ms.rule, mark("sync_push_ms")],
    ["  peak RSS (MB)", r.sync_push_peak_rss_mb, "", "", t.sync_push_peak_rss_mb.rule, mark("sync_push_peak_rss_mb")],
    [`sync --pull, ${r.sync_pull_events} events into an empty file (ms)`, r.sync_pull_ms, "", "", t.sync_pull_ms.rule, mark("sync_pull_ms")],
    ["  peak RSS (MB)", r.sync_pull_peak_rss_mb, "", "", t.sync_pull_peak_rss_mb.rule, mark("sync_pull_peak_rss_mb")],
    ["sync, one new session (ms)", r.sync_incremental_ms, r.sync_incremental_node_floor_ms, "", t.sync_incremental_ms.rule, mark("sync_incremental_ms")],
  ].map((row) => row.map((cell) => (cell === null || cell === undefined ? "-" : String(cell))));
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ").trimEnd();
  const m = r.machine;
  process.stdout.write(
    [
      `trust bench: ${r.dataset.sessions} sessions, ${r.dataset.events} events (${r.dataset.db_mb} MB); medians of ${r.runs} runs (startup: ${r.startup_runs})`,
      `machine: ${m.cpu}, ${m.cores} cores, ${m.memory_gb} GB, ${m.os}, node ${m.node}, load ${m.load_average_start} -> ${m.load_average_end}`,
      "",
      line(rows[0]),
      ...rows.slice(1).map(line),
      "",
    ].join("\n"),
  );
}
