import type { CompletionNode, ValueKind } from "./tree.js";

/**
 * `trust completion bash|zsh|fish`: a script for each shell, written from the command tree
 * (tree.ts). Commands, options and their fixed choices are in the script itself, so Tab on them
 * starts no process; session and commitment ids, client names and playbook ids are asked of
 * `trust __complete KIND -- PREFIX` when Tab is pressed, from the same database (`--db` on the
 * line is passed on). All three walk the line the same way: each word that names a subcommand of
 * where the walk is goes one level down, and the word after an option that takes a value is
 * that value. Pure: the tree in, the script out.
 */

export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];

/** The tree's key for a command: "trust", "trust actions done" (a key no shell finds awkward). */
const key = (path: string) => (path === "" ? "trust" : `trust ${path}`);

/** A value kind as the scripts spell it: its words, or @file, @folder, @none, @session... */
function valueWord(kind: ValueKind): string {
  if (typeof kind === "string") return `@${kind}`;
  return "words" in kind ? kind.words.join(" ") : `@${kind.dynamic}`;
}

/** Single-quoted for bash, zsh and fish alike: no word in the tree holds a quote, but be safe. */
function q(s: string): string {
  return `'${s.replace(/'/g, "'\\''")}'`;
}

interface Tables {
  subs: Array<[string, string]>;
  opts: Array<[string, string]>;
  values: Array<[string, string]>;
  args: Array<[string, string]>;
}

function tables(tree: readonly CompletionNode[]): Tables {
  const t: Tables = { subs: [], opts: [], values: [], args: [] };
  for (const node of tree) {
    const k = key(node.path);
    if (node.commands.length) t.subs.push([k, node.commands.join(" ")]);
    t.opts.push([k, node.options.flatMap((o) => o.names).join(" ")]);
    for (const o of node.options) if (o.value) for (const name of o.names) t.values.push([`${k}/${name}`, valueWord(o.value)]);
    if (node.argument) t.args.push([k, valueWord(node.argument)]);
  }
  return t;
}

/**
 * The walk both bash and zsh do, in the syntax they share: each word before the cursor that names a
 * subcommand of where the walk is goes one level down; an option that takes a value makes the next
 * word its value (the --db one is kept for the lookups). They differ in the name of the words
 * array, its first index and how a key is tested.
 */
function walk(shell: { words: string; first: number; current: string; valued: string }): string[] {
  return [
    `  local cur=\${${shell.words}[${shell.current}]} node=trust pending="" db="" i w kind=""`,
    `  for ((i = ${shell.first}; i < ${shell.current}; i++)); do`,
    `    w=\${${shell.words}[i]}`,
    '    if [[ -n $pending ]]; then',
    '      [[ $pending == --db ]] && db=$w',
    '      pending=""',
    "      continue",
    "    fi",
    "    if [[ $w == -* ]]; then",
    `      ${shell.valued} && pending=$w`,
    "      continue",
    "    fi",
    '    [[ " ${subs[$node]} " == *" $w "* ]] && node="$node $w"',
    "  done",
  ];
}

const assoc = (name: string, rows: Array<[string, string]>) => [`  local -A ${name}=(`, ...rows.map(([k, v]) => `    [${q(k)}]=${q(v)}`), "  )"];

export function bashScript(tree: readonly CompletionNode[]): string {
  const t = tables(tree);
  return [
    "# bash completion for trust and trust-call, written by `trust completion bash` from trust's own commands.",
    "# Load it from ~/.bashrc:   source <(trust completion bash)",
    "# or install it:            trust completion bash > ~/.local/share/bash-completion/completions/trust",
    "_trust_completion() {",
    ...assoc("subs", t.subs),
    ...assoc("opts", t.opts),
    ...assoc("values", t.values),
    ...assoc("args", t.args),
    ...walk({ words: "COMP_WORDS", first: 1, current: "COMP_CWORD", valued: '[[ -n ${values["$node/$w"]+set} ]]' }),
    '  if [[ -n $pending ]]; then',
    '    kind=${values["$node/$pending"]}',
    '  elif [[ $cur == -* ]]; then',
    '    COMPREPLY=($(compgen -W "${opts[$node]}" -- "$cur"))',
    "    return",
    "  else",
    '    kind=${args[$node]}',
    '    if [[ -n ${subs[$node]} ]]; then',
    '      COMPREPLY=($(compgen -W "${subs[$node]}" -- "$cur"))',
    "      return",
    "    fi",
    "  fi",
    '  case $kind in',
    '    "" | @none) COMPREPLY=() ;;',
    '    @file) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")) ;;',
    '    @folder) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")) ;;',
    "    @*)",
    "      # Names may hold spaces: one per line, quoted by readline as file names are.",
    "      compopt -o filenames 2>/dev/null",
    '      local ask=("${COMP_WORDS[0]}" __complete "${kind#@}")',
    '      [[ -n $db ]] && ask+=(--db "$db")',
    "      local IFS=$'\\n'",
    '      COMPREPLY=($("${ask[@]}" -- "$cur" 2>/dev/null))',
    "      ;;",
    '    *) COMPREPLY=($(compgen -W "$kind" -- "$cur")) ;;',
    "  esac",
    "}",
    "complete -F _trust_completion trust trust-call",
    "",
  ].join("\n");
}

export function zshScript(tree: readonly CompletionNode[]): string {
  const t = tables(tree);
  const zassoc = (name: string, rows: Array<[string, string]>) => [`  local -A ${name}`, `  ${name}=(`, ...rows.map(([k, v]) => `    ${q(k)} ${q(v)}`), "  )"];
  return [
    "#compdef trust trust-call",
    "# zsh completion for trust and trust-call, written by `trust completion zsh` from trust's own commands.",
    "# Load it from ~/.zshrc (after compinit):   source <(trust completion zsh)",
    "# or install it as _trust in a folder on $fpath:   trust completion zsh > ~/.zfunc/_trust",
    "_trust() {",
    ...zassoc("subs", t.subs),
    ...zassoc("opts", t.opts),
    ...zassoc("values", t.values),
    ...zassoc("args", t.args),
    ...walk({ words: "words", first: 2, current: "CURRENT", valued: "(( ${+values[$node/$w]} ))" }),
    '  if [[ -n $pending ]]; then',
    '    kind=${values[$node/$pending]}',
    '  elif [[ $cur == -* ]]; then',
    '    compadd -- ${=opts[$node]}',
    "    return",
    '  elif [[ -n ${subs[$node]} ]]; then',
    '    compadd -- ${=subs[$node]}',
    "    return",
    "  else",
    '    kind=${args[$node]}',
    "  fi",
    '  case $kind in',
    '    "" | @none) return 1 ;;',
    "    @file) _files ;;",
    "    @folder) _files -/ ;;",
    '    @*) compadd -- "${(@f)$(${words[1]} __complete ${kind#@} ${db:+--db} ${db:+$db} -- $cur 2>/dev/null)}" ;;',
    "    *) compadd -- ${=kind} ;;",
    "  esac",
    "}",
    // Sourced, compdef registers it; autoloaded from $fpath, zsh runs the file as the function.
    'if [[ $zsh_eval_context[-1] == loadautofunc ]]; then _trust "$@"; else compdef _trust trust trust-call; fi',
    "",
  ].join("\n");
}

export function fishScript(tree: readonly CompletionNode[]): string {
  const t = tables(tree);
  const valued = t.values.map(([k]) => k);
  const lines = [
    "# fish completion for trust and trust-call, written by `trust completion fish` from trust's own commands.",
    "# Install it:   trust completion fish > ~/.config/fish/completions/trust.fish",
    "# (and the same file as trust-call.fish for the other name)",
    `set -g __trust_subs ${t.subs.map(([k, v]) => q(`${k}=${v}`)).join(" ")}`,
    `set -g __trust_valued ${valued.map(q).join(" ")}`,
    "function __trust_walk --description 'where the command line is in trust’s commands, and its --db'",
    "    set -l node trust",
    "    set -l pending",
    "    set -l db",
    "    for w in (commandline -opc)[2..-1]",
    "        if test -n \"$pending\"",
    "            test \"$pending\" = --db; and set db $w",
    "            set pending",
    "            continue",
    "        end",
    "        if string match -q -- '-*' $w",
    "            contains -- \"$node/$w\" $__trust_valued; and set pending $w",
    "            continue",
    "        end",
    "        for entry in $__trust_subs",
    "            set -l parts (string split -m 1 = -- $entry)",
    "            if test \"$parts[1]\" = \"$node\"; and contains -- $w (string split ' ' -- $parts[2])",
    "                set node \"$node $w\"",
    "                break",
    "            end",
    "        end",
    "    end",
    "    echo $node",
    "    echo $db",
    "end",
    "function __trust_at --argument-names want",
    "    test (__trust_walk)[1] = \"$want\"",
    "end",
    "function __trust_dynamic --argument-names kind",
    "    set -l db (__trust_walk)[2]",
    "    set -l cmd (commandline -opc)[1]",
    "    if test -n \"$db\"",
    "        $cmd __complete $kind --db $db -- (commandline -ct) 2>/dev/null",
    "    else",
    "        $cmd __complete $kind -- (commandline -ct) 2>/dev/null",
    "    end",
    "end",
    "for cmd in trust trust-call",
    "    complete -c $cmd -f",
  ];
  const fishValue = (kind: ValueKind): string => {
    if (kind === "file") return "-r -F";
    if (kind === "folder") return "-r -a '(__fish_complete_directories)'";
    if (kind === "none") return "-x";
    return "words" in kind ? `-x -a ${q(kind.words.join(" "))}` : `-x -a ${q(`(__trust_dynamic ${kind.dynamic})`)}`;
  };
  for (const node of tree) {
    const at = `-n ${q(`__trust_at ${q(key(node.path))}`)}`;
    if (node.commands.length) lines.push(`    complete -c $cmd ${at} -a ${q(node.commands.join(" "))}`);
    for (const o of node.options) {
      const names = o.names.map((n) => (n.startsWith("--") ? `-l ${n.slice(2)}` : `-s ${n.slice(1)}`)).join(" ");
      lines.push(`    complete -c $cmd ${at} ${names}${o.value ? ` ${fishValue(o.value)}` : ""}`);
    }
    if (node.argument && !node.commands.length) lines.push(`    complete -c $cmd ${at} ${fishValue(node.argument)}`);
  }
  lines.push("end", "");
  return lines.join("\n");
}

export function completionScript(shell: Shell, tree: readonly CompletionNode[]): string {
  switch (shell) {
    case "bash":
      return bashScript(tree);
    case "zsh":
      return zshScript(tree);
    case "fish":
      return fishScript(tree);
  }
}
