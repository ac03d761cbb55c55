import {
  createPrompt,
  isEnterKey,
  isNumberKey,
  makeTheme,
  useKeypress,
  usePrefix,
  useState,
  type Theme,
} from "@inquirer/core";
import type { PartialDeep } from "@inquirer/type";

export interface RatingConfig {
  message: string;
  min: number;
  max: number;
  default?: number;
  /** Words for some points of the scale, keyed by the point. */
  labels?: Record<string, string>;
  theme?: PartialDeep<Theme>;
}

/**
 * A horizontal scale: ←/→ move, a digit jumps, Enter confirms. The stock prompts have no
 * scale, and a number input would hide the labels the person on the call needs to see.
 */
export default createPrompt<number, RatingConfig>((config, done) => {
  const { min, max } = config;
  const theme = makeTheme(config.theme);
  const [status, setStatus] = useState<"idle" | "done">("idle");
  const [value, setValue] = useState<number | undefined>(config.default);
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | undefined>(undefined);
  const prefix = usePrefix({ status, theme });

  useKeypress((key, rl) => {
    if (status !== "idle") return;
    if (isEnterKey(key)) {
      if (value === undefined) {
        setError(`Pick a point from ${min} to ${max} with ←/→ or a digit`);
        return;
      }
      setStatus("done");
      done(value);
      return;
    }
    // The readline keeps typed characters; the scale is driven by keys, not the line.
    rl.clearLine(0);
    if (key.name === "left" || key.name === "h") {
      setValue(Math.max(min, (value ?? min + 1) - 1));
    } else if (key.name === "right" || key.name === "l") {
      setValue(Math.min(max, (value ?? min - 1) + 1));
    } else if (isNumberKey(key)) {
      // Two-digit scales (1-10): "1" then "0" within the same prompt gives 10.
      const next = typed + key.name;
      const n = Number(next);
      if (n >= min && n <= max) {
        setValue(n);
        setTyped(next.length >= String(max).length ? "" : next);
      } else {
        const single = Number(key.name);
        if (single >= min && single <= max) setValue(single);
        setTyped(key.name);
      }
    }
    setError(undefined);
  });

  const message = theme.style.message(config.message, status);
  if (status === "done") {
    const label = value === undefined ? undefined : config.labels?.[String(value)];
    return `${prefix} ${message} ${theme.style.answer(`${value} / ${max}${label ? ` (${label})` : ""}`)}`;
  }
  const points: string[] = [];
  for (let n = min; n <= max; n++) {
    points.push(n === value ? theme.style.highlight(`[${n}]`) : ` ${n} `);
  }
  const lines = [`${prefix} ${message}`, `  ${points.join("")}`];
  const labels = Object.entries(config.labels ?? {})
    .map(([k, v]) => `${k} = ${v}`)
    .join(" · ");
  if (labels) lines.push(`  ${theme.style.help(labels)}`);
  lines.push(`  ${theme.style.help("←/→ or a digit, Enter to confirm")}`);
  return [lines.join("\n"), error ? theme.style.error(error) : undefined];
});
