/**
 * The harness settings a Compare lane runs under, and the presets that change them. A preset is an
 * object that describes itself (its label and, in words, what it changes) and applies itself to
 * a lane's setup; the lab shows the words next to the numbers they explain. No DOM.
 */
import type { ModelClient } from '../../models/port';
import type { RunSettingsInput } from '../../agent/run-settings';
import type { PermissionMode } from '../../agent/session-contract';
import type { LabTask } from './lab-task';

/** Where a lane's model comes from: a fresh client per lane (a scripted model keeps its place). */
export interface ModelSource {
  id: string;
  label: string;
  /** The id sent in requests (and priced); default: the client's provider id. */
  modelId?: string;
  create(): Promise<ModelClient>;
}

/** Everything a lane varies. */
export interface LaneSetup {
  settings: RunSettingsInput;
  permissionMode: PermissionMode;
  /** Tool names the lane does not offer the model. */
  removedTools: readonly string[];
  /** Whether the Agent tool (sub-agents) is offered. */
  subagents: boolean;
  /** An instruction appended to the system prompt, as its own part. */
  appendedInstruction?: string;
  model: ModelSource;
}

export interface HarnessPreset {
  id: string;
  label: string;
  /** What it changes, in words ("Agent tool removed: no sub-agents"). */
  changes: string;
  apply(setup: LaneSetup): LaneSetup;
}

/** A kind of preset, for the lab's pickers: some take one parameter (which tool, which text, which model). */
export interface PresetKind {
  id: string;
  label: string;
  parameter?: { kind: 'tool' | 'text' | 'model'; label: string };
  make(parameter: string, models: readonly ModelSource[]): HarnessPreset | { problem: string };
}

/** The lane every preset starts from: the task's own harness settings, the default tools, sub-agents on. */
export function baseSetup(task: LabTask, model: ModelSource): LaneSetup {
  const harness = task.harness;
  const settings: RunSettingsInput = {
    ...(harness?.maxTurns === undefined ? {} : { maxTurns: harness.maxTurns }),
    ...(harness?.context === undefined ? {} : { context: definedOnly(harness.context) }),
  };
  return { settings, permissionMode: harness?.permissionMode ?? 'default', removedTools: [], subagents: true, model };
}

export const AS_IS: HarnessPreset = { id: 'as-is', label: 'As is', changes: 'Nothing: the default harness (and the lesson’s own settings)', apply: (setup) => setup };

export function compaction(on: boolean): HarnessPreset {
  return {
    id: on ? 'compaction-on' : 'compaction-off',
    label: on ? 'Compaction on' : 'Compaction off',
    changes: on ? 'Compaction and micro-compaction on' : 'No compaction and no micro-compaction: every old tool result stays in the context',
    apply: (setup) => ({ ...setup, settings: { ...setup.settings, context: { ...setup.settings.context, autoCompact: on, microCompact: on } } }),
  };
}

export function withoutTool(name: string): HarnessPreset {
  return {
    id: `without-${name}`,
    label: `Without ${name}`,
    changes: `The ${name} tool is removed: the model is not offered it`,
    apply: (setup) => ({ ...setup, removedTools: [...setup.removedTools, name] }),
  };
}

export const PLAN_MODE: HarnessPreset = {
  id: 'plan-mode',
  label: 'Plan mode',
  changes: 'Starts in plan mode: read-only until the plan is approved (the lane approves it)',
  apply: (setup) => ({ ...setup, permissionMode: 'plan' }),
};

export function subagents(allowed: boolean): HarnessPreset {
  return {
    id: allowed ? 'subagents-on' : 'subagents-off',
    label: allowed ? 'Sub-agents allowed' : 'No sub-agents',
    changes: allowed ? 'The Agent tool is offered: the model may hand work to sub-agents' : 'The Agent tool is removed: no sub-agents',
    apply: (setup) => ({ ...setup, subagents: allowed }),
  };
}

export function appendedInstruction(text: string): HarnessPreset {
  return {
    id: 'instruction',
    label: 'Another system prompt',
    changes: `Appended to the system prompt: “${text}”`,
    apply: (setup) => ({ ...setup, appendedInstruction: setup.appendedInstruction === undefined ? text : `${setup.appendedInstruction}\n${text}` }),
  };
}

export function otherModel(model: ModelSource): HarnessPreset {
  return { id: `model-${model.id}`, label: `Model: ${model.label}`, changes: `Runs with ${model.label}`, apply: (setup) => ({ ...setup, model }) };
}

/** The presets the lab offers, in the order its pickers list them. */
export const PRESET_KINDS: readonly PresetKind[] = [
  { id: 'as-is', label: 'As is', make: () => AS_IS },
  { id: 'compaction-off', label: 'Compaction off', make: () => compaction(false) },
  { id: 'compaction-on', label: 'Compaction on', make: () => compaction(true) },
  {
    id: 'without-tool',
    label: 'A tool removed',
    parameter: { kind: 'tool', label: 'Tool to remove' },
    make: (name) => (name.trim() === '' ? { problem: 'Choose the tool to remove.' } : withoutTool(name.trim())),
  },
  { id: 'plan-mode', label: 'Plan mode', make: () => PLAN_MODE },
  { id: 'subagents-off', label: 'No sub-agents', make: () => subagents(false) },
  { id: 'subagents-on', label: 'Sub-agents allowed', make: () => subagents(true) },
  {
    id: 'instruction',
    label: 'Another system prompt',
    parameter: { kind: 'text', label: 'Instruction to append' },
    make: (text) => (text.trim() === '' ? { problem: 'Write the instruction to append to the system prompt.' } : appendedInstruction(text.trim())),
  },
  {
    id: 'model',
    label: 'Another model',
    parameter: { kind: 'model', label: 'Model' },
    make: (id, models) => {
      const model = models.find((candidate) => candidate.id === id);
      return model === undefined ? { problem: 'Choose the model.' } : otherModel(model);
    },
  },
];

export function presetKind(id: string): PresetKind | undefined {
  return PRESET_KINDS.find((kind) => kind.id === id);
}

function definedOnly<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
