/**
 * The Compare lab's side in the app, loaded with its dialog: the task (a lesson, or a copy of the
 * current workspace with a typed prompt), the models to choose from (the offline script, and the
 * configured provider's models when there is a key), the spend cap in force, and the lane sandbox
 * (the app's offline sandbox, with `node` and `git`). It only reads the workspace.
 */
import { sessionCost } from '../../agent/session-cost';
import type { SpendCap } from '../../agent/run-settings';
import { catalogueFor, findModel } from '../../models/catalogue';
import { createModelClient, providerInfo } from '../../models/providers';
import { loadApiKey } from '../../store/settings';
import { baseSetup, type LaneSetup, type ModelSource } from '../../lessons/lab/harness-presets';
import { scriptedSource } from '../../lessons/lab/lab-models';
import type { LabTask } from '../../lessons/lab/lab-task';
import type { LessonCheck } from '../../lessons/lesson-format';
import { createDefaultTools } from '../../tools/registry';
import { createAppOfflineSandbox } from '../boot/sandbox-boot';
import { modelSettings } from '../settings/model-settings.svelte';
import { sessionLimitsOf } from '../settings/limits-settings';
import { app } from '../state/app-store.svelte';

export { createAppOfflineSandbox as createLaneSandbox };

/** The tools a "tool removed" preset can take away, in the order the model sees them. */
export function removableTools(): string[] {
  return [...createDefaultTools().map((tool) => tool.name), 'Memory'];
}

/** Files a workspace copy leaves out: installed packages are not the task. */
const SKIPPED = /(^|\/)node_modules\//;

/** The current workspace, with a typed prompt and an optional file check, as a lab task. */
export async function workspaceTask(prompt: string, check: { path: string; contains: string } | undefined): Promise<LabTask> {
  const sandbox = app.runtime?.sandbox;
  if (sandbox === undefined) throw new Error('The workspace is still starting; try again in a moment.');
  const { files } = await sandbox.snapshot();
  const kept = Object.fromEntries(Object.entries(files).filter(([path]) => !SKIPPED.test(path)));
  const fileCheck: LessonCheck | undefined =
    check === undefined
      ? undefined
      : { kind: 'file', description: check.contains === '' ? `${check.path} exists` : `${check.path} contains “${check.contains}”`, path: check.path, ...(check.contains === '' ? {} : { contains: check.contains }) };
  return { title: 'This workspace', prompt, files: kept, ...(fileCheck === undefined ? {} : { check: fileCheck }) };
}

/** The models a lane can run: the offline script first, then the configured provider's (with its key). */
export async function modelSources(task: LabTask): Promise<ModelSource[]> {
  const sources = [scriptedSource(task)];
  const saved = modelSettings.saved;
  // Lanes run unattended: the demo has no models to offer, and "You are the model" would wait on a person.
  if (saved === null || saved.provider === 'demo' || saved.provider === 'human') return sources;
  const provider = saved.provider;
  const info = providerInfo(provider);
  const apiKey = await loadApiKey(provider);
  if (info?.needsKey === true && apiKey === undefined) return sources;
  const ids = [saved.model.trim(), ...catalogueFor(provider).map((model) => model.id)].filter((id, index, all) => id !== '' && all.indexOf(id) === index);
  for (const id of ids) {
    sources.push({
      id: `${provider}:${id}`,
      label: `${findModel(id)?.label ?? id} (${info?.label ?? provider}, your key)`,
      modelId: id,
      create: () => createModelClient({ ...saved, provider, model: id, ...(apiKey === undefined ? {} : { apiKey }) }),
    });
  }
  return sources;
}

/** The spend cap the lanes run under: the session's (never above a workshop link's), less what the session spent. */
export function laneSpendCap(): SpendCap | undefined {
  const limits = sessionLimitsOf(modelSettings.saved?.limits, undefined);
  if (limits.spendCapUsd === undefined && limits.spendCapTokens === undefined) return undefined;
  const spent = sessionCost(app.session?.log ?? [], (id) => findModel(id)?.pricing);
  return {
    ...(limits.spendCapUsd === undefined ? {} : { usd: limits.spendCapUsd }),
    ...(limits.spendCapTokens === undefined ? {} : { tokens: limits.spendCapTokens }),
    spentUsd: spent.costUsd,
    spentTokens: spent.inputTokens + spent.outputTokens,
  };
}

/** Where both lanes start: the task's harness settings, the chosen model, the spend cap. */
export function labBase(task: LabTask, model: ModelSource): LaneSetup {
  const base = baseSetup(task, model);
  const spendCap = laneSpendCap();
  return spendCap === undefined ? base : { ...base, settings: { ...base.settings, spendCap } };
}
