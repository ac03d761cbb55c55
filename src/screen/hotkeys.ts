import type { Intent } from "../session/outcome.js";
import { isCtrl, type Key } from "./keys.js";

/** What the screen itself does for a key, whatever the question. */
export type ScreenAction = "guide" | "recap" | "history" | "pause";

interface Hotkey {
  key: string;
  ctrl: string;
  label: string;
  /** For a narrow terminal. */
  short: string;
  does: Intent | ScreenAction;
}

/**
 * The keys that work on every screen that asks something, shown on its last row. Ctrl-S/Ctrl-Q
 * are avoided (terminal flow control), and so are the editing keys (^A ^E ^U ^W ^D).
 */
export const HOTKEYS: readonly Hotkey[] = [
  { key: "^X", ctrl: "x", label: "skip question", short: "skip", does: "skip" },
  { key: "^K", ctrl: "k", label: "skip step", short: "step", does: "skip-step" },
  { key: "^B", ctrl: "b", label: "back", short: "back", does: "back" },
  { key: "^N", ctrl: "n", label: "note", short: "note", does: "note" },
  { key: "^G", ctrl: "g", label: "guide", short: "guide", does: "guide" },
  { key: "^R", ctrl: "r", label: "answers", short: "answers", does: "recap" },
  { key: "^O", ctrl: "o", label: "history", short: "history", does: "history" },
  { key: "^C", ctrl: "c", label: "pause", short: "pause", does: "pause" },
];

/** What the hotkey `key` does, if it is one. */
export function hotkeyOf(key: Key): Intent | ScreenAction | undefined {
  return HOTKEYS.find((h) => isCtrl(key, h.ctrl))?.does;
}

const SCREEN_ACTIONS: ReadonlySet<string> = new Set<ScreenAction>(["guide", "recap", "history", "pause"]);

/** Whether a hotkey is one the runner acts on (skip, back, note), not the screen. */
export function isIntent(does: Intent | ScreenAction): does is Intent {
  return !SCREEN_ACTIONS.has(does);
}
