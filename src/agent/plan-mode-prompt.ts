import type { PermissionMode } from './session-contract';

/** The system prompt's words on plan mode, when the run starts in it: explore read-only, then call ExitPlanMode. */
export function planModeSection(context: { permissionMode?: PermissionMode; toolNames: readonly string[] }): string[] {
  if (context.permissionMode !== 'plan') return [];
  const exit = context.toolNames.includes('ExitPlanMode');
  return [
    '# Plan mode\nPlan mode is on: the user wants a plan before any change. Only read-only tools run now (Read, Glob, Grep…); edits and commands are refused. ' +
      'Explore the code you need to understand, then ' +
      (exit
        ? 'call ExitPlanMode with your plan (Markdown: the steps and the files you will change) when it is ready. The user approves it, choosing how edits are allowed from then on, or sends it back with feedback: then revise it and call ExitPlanMode again. Do not ask for approval in plain text, and do not start making changes before the plan is approved.'
        : 'present your plan in your answer; the user switches out of plan mode when they want the changes made.') +
      (context.toolNames.includes('AskUserQuestion') ? ' Use AskUserQuestion when a choice is the user\'s to make.' : ''),
  ];
}
