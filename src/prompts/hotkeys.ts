import { emitKeypressEvents } from "node:readline";

/** What a person can do at any prompt besides answering it. */
export type Intent = "skip" | "skip-step" | "back" | "note";

/** The keys, shown on screen under each step. Ctrl-S/Ctrl-Q are avoided: terminals may use them for flow control. */
export const HOTKEYS: ReadonlyArray<{ key: string; ctrl: string; intent: Intent; label: string }> = [
  { key: "^X", ctrl: "x", intent: "skip", label: "skip question" },
  { key: "^K", ctrl: "k", intent: "skip-step", label: "skip step" },
  { key: "^B", ctrl: "b", intent: "back", label: "back" },
  { key: "^N", ctrl: "n", intent: "note", label: "note" },
];

/** Maps a keypress to an intent, if it is one of the hotkeys. */
export function intentOf(key: { name?: string; ctrl?: boolean } | undefined): Intent | undefined {
  if (!key?.ctrl) return undefined;
  return HOTKEYS.find((h) => h.ctrl === key.name)?.intent;
}

/**
 * Runs `promptFn` with an AbortSignal that fires when a hotkey is pressed, so every prompt type,
 * stock or custom, gets skip/back/note without knowing about them. Resolves to the answer or
 * to the intent that interrupted it.
 */
export async function withHotkeys<T>(
  input: NodeJS.ReadStream,
  promptFn: (signal: AbortSignal) => Promise<T>,
): Promise<{ answer: T } | { intent: Intent }> {
  const controller = new AbortController();
  let pressed: Intent | undefined;
  emitKeypressEvents(input);
  const onKey = (_s: string | undefined, key: { name?: string; ctrl?: boolean } | undefined) => {
    const intent = intentOf(key);
    if (intent && !pressed) {
      pressed = intent;
      controller.abort();
    }
  };
  input.on("keypress", onKey);
  try {
    return { answer: await promptFn(controller.signal) };
  } catch (err) {
    if (pressed && err instanceof Error && err.name === "AbortPromptError") return { intent: pressed };
    throw err;
  } finally {
    input.off("keypress", onKey);
  }
}
