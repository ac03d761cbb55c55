import { Document, isScalar, LineCounter, parseDocument, visit, YAMLParseError, type YAMLError } from "yaml";

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
  // Repeated keys are found below, not by the parser: its check compares each key with every
  // key before it, seconds for a file of 20,000 keys.
  let doc: Document;
  let repeated: Array<{ key: string; offset: number }>;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, logLevel: "error" });
    repeated = opts.uniqueKeys ? repeatedKeys(doc) : [];
  } catch (err) {
    // Most deep nesting is an error the parser records; a block sequence nested thousands deep and
    // then closed by a line indented less makes it recurse past the stack instead, and throw.
    if (!(err instanceof RangeError && /call stack/i.test(err.message))) throw err;
    // A document with the error in it, as the parser leaves one it could not read.
    const failed = new Document();
    failed.errors.push(new YAMLParseError([0, Math.min(1, text.length)], "UNEXPECTED_TOKEN", err.message));
    return { ok: false, problems: [{ line: 1, col: 1, message: tooDeep(noun) }], doc: failed, lineCounter };
  }
  // Nesting past the stack ends the parse where it gave out, and whatever the parser then makes
  // of the rest (a line it now reads as a key 2,500 characters long) is not the file's problem:
  // that one line alone, wherever the stack Node has happened to give out.
  const deep = doc.errors.find((e) => /call stack/i.test(e.message));
  if (deep) return { ok: false, problems: [{ ...at(deep.pos[0]), message: tooDeep(noun) }], doc, lineCounter };
  if (doc.errors.length > 0 || repeated.length > 0) {
    // After one syntax error the parser's view of the rest of that line is guesswork: keep the first per line.
    const seen = new Set<number>();
    const problems = [
      ...doc.errors.map((e) => ({ ...at(e.pos[0]), message: yamlErrorMessage(e, noun) })),
      ...repeated.map((r) => ({ ...at(r.offset), message: `the key "${r.key}" appears twice in this mapping` })),
    ]
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

function yamlErrorMessage(error: YAMLError, noun: string): string {
  switch (error.code) {
    case "TAB_AS_INDENT":
      return "tabs cannot indent YAML: use spaces";
    case "MULTIPLE_DOCS":
      return `the file holds more than one YAML document (a second ---): a${/^[aeiou]/.test(noun) ? "n" : ""} ${noun} is one document`;
    default:
      // A call-stack error (nesting past the stack) never reaches here: readYaml reports it alone.
      return `invalid YAML: ${lowerFirst(error.message.split("\n")[0]!)}`;
  }
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/**
 * Every key a mapping holds a second time, where it stands: one pass over each mapping with the
 * keys seen so far, equal as the parser compares them (the same scalar value of the same type).
 */
function repeatedKeys(doc: Document): Array<{ key: string; offset: number }> {
  const found: Array<{ key: string; offset: number }> = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const value = pair.key.value;
        const id = `${typeof value}:${String(value)}`;
        if (seen.has(id)) found.push({ key: String(value), offset: pair.key.range?.[0] ?? 0 });
        else seen.add(id);
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
