/** The few styles the screens use; a chalk instance fits, and so does `plain` for tests and pipes. */
export interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  cyan(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  red(s: string): string;
  inverse(s: string): string;
}

const same = (s: string) => s;
export const plain: Paint = { bold: same, dim: same, cyan: same, yellow: same, green: same, red: same, inverse: same };
