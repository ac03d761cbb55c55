import { isScalar, LineCounter, parseDocument, visit, type Document, type YAMLError } from "yaml";

/**
 * YAML (or JSON, which is YAML) text to plain data, for every file a person gives trust: a
 * playbook, the people file, an answers file. One place for the parser's options and limits and
 * for turning its failures into one-line problems with a line and column: a syntax error, two
 * documents in one file, nesting deep enough to exhaust the stack, an alias with no anchor, or
 * aliases that expand into a "billion laughs".
 */

/** Anchors and aliases are handy for shared choices; thousands of expansions are a "billion laughs" bomb. */
export const MAX_ALIAS_COUNT = 100;

export interface YamlProblem {
  line: number;
  col: number;
  message: string;
}

export type YamlData =
  | { ok: true; data: unknown; doc: Document; lineCounter: LineCounter }
  | { ok: false; problems: YamlProblem[]; doc: Document; lineCounter: LineCounter };

/**
 * Parses `text`; `noun` names what the file is in messages ("playbook", "answers file").
 * `uniqueKeys`: a key twice in one mapping is an error. Problems come sorted, the first per line.
 */
export function readYaml(text: string, noun: string, opts: { uniqueKeys?: boolean } = {}): YamlData {
  const lineCounter = new LineCounter();
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, col: pos.col };
  };
  // logLevel "error": yaml would print its warnings (a list as a key) through process.emitWarning,
  // as a Node warning on stderr; what such a file holds is reported by the shape check instead.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: opts.uniqueKeys ?? false, logLevel: "error" });
  if (doc.errors.length > 0) {
    // After one syntax error the parser's view of the rest of that line is guesswork: keep the first per line.
    const seen = new Set<number>();
    const problems = doc.errors
      .map((e) => ({ ...at(e.pos[0]), message: yamlErrorMessage(e, doc, noun) }))
      .sort((a, b) => a.line - b.line || a.col - b.col)
      .filter((p) => !seen.has(p.line) && seen.add(p.line));
    return { ok: false, problems, doc, lineCounter };
  }
  try {
    return { ok: true, data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), doc, lineCounter };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const fail = (offset: number, text: string): YamlData => ({ ok: false, problems: [{ ...at(offset), message: text }], doc, lineCounter });
    const unresolved = /^Unresolved alias.*: (.*)$/.exec(message);
    if (unresolved) return fail(firstAlias(doc, unresolved[1]), `the alias *${unresolved[1]} has no anchor &${unresolved[1]} before it`);
    if (/alias count/i.test(message)) {
      return fail(firstAlias(doc), `refusing to load: its aliases expand into too much data (over ${MAX_ALIAS_COUNT} copies), which looks like a "billion laughs" attack`);
    }
    if (err instanceof RangeError && /call stack/i.test(message)) return fail(0, tooDeep(noun));
    return fail(firstAlias(doc), `cannot read the YAML: ${lowerFirst(message)}`);
  }
}

function tooDeep(noun: string): string {
  return `the YAML is nested too deeply to read: a${/^[aeiou]/.test(noun) ? "n" : ""} ${noun} needs only a few levels`;
}

function yamlErrorMessage(error: YAMLError, doc: Document, noun: string): string {
  switch (error.code) {
    case "TAB_AS_INDENT":
      return "tabs cannot indent YAML: use spaces";
    case "MULTIPLE_DOCS":
      return `the file holds more than one YAML document (a second ---): a${/^[aeiou]/.test(noun) ? "n" : ""} ${noun} is one document`;
    case "DUPLICATE_KEY": {
      const key = keyAt(doc, error.pos[0]);
      return key === undefined ? "the same key appears twice in this mapping" : `the key "${key}" appears twice in this mapping`;
    }
    default:
      // The parser recurses per nesting level; a file nested hundreds deep exhausts the stack.
      if (/call stack/i.test(error.message)) return tooDeep(noun);
      return `invalid YAML: ${lowerFirst(error.message.split("\n")[0]!)}`;
  }
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** The key starting at `offset`, for naming a duplicate key. */
function keyAt(doc: Document, offset: number): string | undefined {
  let found: string | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.range?.[0] === offset) {
        found = String(pair.key.value);
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** The first alias node (optionally with a given name): where alias problems are reported. */
function firstAlias(doc: Document, name?: string): number {
  let offset = 0;
  visit(doc, {
    Alias(_, alias) {
      if (name !== undefined && alias.source !== name) return undefined;
      offset = alias.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}
