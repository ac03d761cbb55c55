/** What the call screen shows of the step being worked through: data only, drawn by src/screen. */
export interface StepView {
  client: string;
  incident: string;
  /** 0-based among the steps shown in this session. */
  stepIndex: number;
  stepCount: number;
  title: string;
  guidance?: string;
  say?: string[];
  avoid?: string[];
  budgetMs?: number;
  callMs: number;
  stepMs: number;
  rehearsal: boolean;
}
