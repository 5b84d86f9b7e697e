/**
 * Tools that stop to ask the user (AskUserQuestion, ExitPlanMode) describe what they ask as a
 * request; the session shows it (a `user_input_request` event) and the user's answer comes back
 * (a `user_input_response` event). An interrupted run answers `cancelled`.
 */

export interface QuestionOption {
  label: string;
  description: string;
}

export interface UserQuestion {
  /** A short tag for the question (at most 12 characters), e.g. "Auth method". */
  header: string;
  question: string;
  options: QuestionOption[];
  multiSelect: boolean;
}

/** The modes a user can continue in after approving a plan. */
export type PlanApprovalMode = 'acceptEdits' | 'default';

export type UserInputRequest = { kind: 'plan'; plan: string } | { kind: 'questions'; questions: UserQuestion[] };

export type UserInputResponse =
  | { kind: 'plan_approved'; mode: PlanApprovalMode }
  | { kind: 'plan_rejected'; feedback: string }
  /** Question text → the answer: the chosen labels (joined with ", ") or the user's own words. */
  | { kind: 'answers'; answers: Record<string, string> }
  | { kind: 'cancelled' };

/** Asks the user and waits for the answer. */
export type AskUser = (request: UserInputRequest) => Promise<UserInputResponse>;
