import { isMap, isScalar, isSeq, type Document, type LineCounter, type Pair, type YAMLMap } from "yaml";
import type { PathSegment } from "./problem.js";

/**
 * Finds where a path points in a parsed YAML document. A path that runs past what the file
 * holds (a missing key, an index past the end, a value reached through an alias) stops at the
 * nearest node that exists, so every problem still gets a useful place.
 */

interface Ranged {
  range?: readonly [number, number, number] | null;
}

function start(node: unknown): number | undefined {
  return (node as Ranged | null)?.range?.[0];
}

// Each mapping's pairs by key, made once: a file with thousands of problems (thousands of unknown
// keys) looked each one up by walking the whole mapping, quadratic time (seconds at 20,000).
const pairsByKey = new WeakMap<object, Map<string, Pair>>();

/** The pair of `map` whose key is `segment`, looked up by key. */
export function pairOf(map: YAMLMap, segment: PathSegment): Pair | undefined {
  let index = pairsByKey.get(map);
  if (index === undefined) {
    index = new Map();
    for (const pair of map.items) {
      const value = isScalar(pair.key) ? pair.key.value : pair.key;
      if (value === null || value === undefined) continue;
      const key = String(value);
      // The first of a repeated key, as the walk found it.
      if (!index.has(key)) index.set(key, pair);
    }
    pairsByKey.set(map, index);
  }
  return index.get(String(segment));
}

/** An empty value (`title:` with nothing after it) has no text of its own: the key is the better place. */
function isEmptyScalar(node: unknown): boolean {
  return isScalar(node) && node.value === null && (node.source === "" || node.source === undefined);
}

/**
 * The character offset a path points at: its value, or with `atKey` the key of its last segment;
 * with `piece`, where that piece of the value stands in `source` (the file's text), when it is
 * written there as it is (a plain or block scalar, or a quoted one without escapes in the way).
 */
export function offsetOf(doc: Document, path: readonly PathSegment[], atKey = false, piece?: { text: string; nth: number; source: string }): number {
  const offset = pathOffset(doc, path, atKey);
  if (piece === undefined || atKey) return offset;
  const node = doc.getIn(path, true) as Ranged | undefined;
  const range = node?.range;
  if (!range || range[0] !== offset) return offset;
  const written = piece.source.slice(range[0], range[1]);
  let at = written.indexOf(piece.text);
  for (let n = 0; n < piece.nth && at >= 0; n++) at = written.indexOf(piece.text, at + 1);
  return at < 0 ? offset : range[0] + at;
}

function pathOffset(doc: Document, path: readonly PathSegment[], atKey: boolean): number {
  let node: unknown = doc.contents;
  let offset = start(node) ?? 0;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    if (isMap(node)) {
      const pair = pairOf(node, segment);
      if (!pair) return offset;
      const keyStart = start(pair.key) ?? offset;
      if (atKey && i === path.length - 1) return keyStart;
      node = pair.value;
      offset = node === null || isEmptyScalar(node) ? keyStart : (start(node) ?? keyStart);
    } else if (isSeq(node) && typeof segment === "number") {
      const item = node.items[segment];
      if (item === undefined) return offset;
      node = item;
      offset = start(item) ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}

/** Line and column (both from 1) of a character offset. */
export function lineCol(lineCounter: LineCounter, offset: number): { line: number; col: number } {
  const pos = lineCounter.linePos(offset);
  return { line: pos.line, col: pos.col };
}
