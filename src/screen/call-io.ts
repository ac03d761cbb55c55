import type { Directory } from "../people/directory.js";
import type { RunnerIo } from "../session/runner.js";
import type { CallScreen } from "./call-screen.js";
import { ChoiceEditor } from "./editors/choice-editor.js";
import { askPrompt, type CarryOffer } from "./questions.js";

/** The runner's screen on a real terminal: each step and question drawn by the call screen. */
export function callIo(screen: CallScreen, opts: { now: () => number; owner: string; people?: Directory; carry?: CarryOffer }): RunnerIo {
  return {
    showStep(view) {
      screen.showStep(view);
    },
    async ask(prompt, ctx) {
      const people = opts.people;
      screen.takeNotes(ctx.onNote);
      try {
        return await askPrompt(screen, prompt, {
          ...ctx,
          owner: opts.owner,
          now: () => new Date(opts.now()),
          ...(people ? { checkOwner: (typed: string) => people.checkOwner(typed) } : {}),
          ...(opts.carry ? { carry: opts.carry } : {}),
        });
      } finally {
        screen.takeNotes(undefined);
      }
    },
    async acknowledge(ctx) {
      screen.takeNotes(ctx?.onNote);
      try {
        const r = await screen.ask({
          message: "Ready for the next step?",
          editor: new ChoiceEditor([{ value: "go", label: "continue" }], false),
        });
        return "intent" in r ? { kind: r.intent } : { kind: "answer", value: true };
      } finally {
        screen.takeNotes(undefined);
      }
    },
    askNote() {
      // The question it interrupted is asked again after it.
      return screen.askNote();
    },
    say(line) {
      screen.notice(line);
    },
  };
}
