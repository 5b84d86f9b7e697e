/**
 * Loaded on demand: turns saved settings into a live model client for the session, and saves
 * what the dialog submits. The key stays in memory here and in IndexedDB's secrets store; it
 * is never put in Svelte state, events, the URL or localStorage.
 */
import type { SessionApi } from '../../agent/session-contract';
import type { ModelClient } from '../../models/port';
import { createModelClient, providerInfo, requestLimits, validateSettings, withoutKey, type ModelSettings, type ProviderId } from '../../models/providers';
import { forgetApiKey, loadApiKey, loadModelSettings, saveApiKey, saveModelSettings, settingsStore, type ModelChoice, type SavedModelSettings, type StoreResult } from '../../store/settings';
import { app } from '../state/app-store.svelte';
import type { Runtime } from '../state/runtime-types';
import { modelSettings } from './model-settings.svelte';
import { sessionLimitsOf } from './limits-settings';

export const DEMO_CHOICE: SavedModelSettings = { provider: 'demo', model: '' };
export const DEMO_LABEL = 'Demo model (scripted)';

/** The scripted demo client of the runtime, to switch back to. */
let demoClient: ModelClient | null = null;
/** A client built before the runtime existed, and how to hand it to the session when it arrives. */
let pending: { client: ModelClient; apply: (target: SessionApi) => void } | null = null;

/** Full settings for a provider choice, with the key; undefined for the demo and for "You are the model". */
export function withKey(saved: SavedModelSettings, apiKey: string | undefined): ModelSettings | undefined {
  if (saved.provider === 'demo' || saved.provider === 'human') return undefined;
  const settings: ModelSettings = { ...saved, provider: saved.provider };
  if (apiKey) settings.apiKey = apiKey;
  return settings;
}

function session(): SessionApi | null {
  return app.session;
}

function useClient(target: SessionApi, client: ModelClient, settings: ModelSettings): void {
  target.setModel(client, settings.model.trim());
  target.setRequestLimits(requestLimits(settings));
  target.setLimits(sessionLimitsOf(modelSettings.saved?.limits, settings.model.trim()));
}

/** "You are the model": the person answers each request (loaded only when chosen). */
async function humanClient(): Promise<ModelClient> {
  const { humanModel } = await import('../human/human-client');
  return humanModel();
}

function useHuman(target: SessionApi, client: ModelClient): void {
  target.setModel(client, client.provider);
  target.setRequestLimits({});
  target.setLimits(sessionLimitsOf(modelSettings.saved?.limits, undefined));
}

/** Switch to the person as the model: now when the session is up, else when it arrives. */
function chooseHuman(client: ModelClient): void {
  pending = { client, apply: (arrived) => useHuman(arrived, client) };
  const target = session();
  if (target) useHuman(target, client);
  app.modelLabel = client.label;
  app.modelIsDemo = false;
}

function useDemo(target: SessionApi): void {
  if (demoClient) target.setModel(demoClient);
  target.setRequestLimits({});
  target.setLimits(sessionLimitsOf(modelSettings.saved?.limits, undefined));
}

function demoLabel(): string {
  return demoClient?.label ?? DEMO_LABEL;
}

/** At boot: read the saved choice and its key, and build the client (nothing is sent yet). */
export async function loadSavedChoice(): Promise<void> {
  const saved = (await loadModelSettings()) ?? DEMO_CHOICE;
  modelSettings.saved = saved;
  if (saved.provider === 'human') chooseHuman(await humanClient());
  else if (saved.provider !== 'demo') {
    const settings = withKey(saved, await loadApiKey(saved.provider));
    try {
      if (!settings) throw new Error('No provider chosen.');
      const client = await createModelClient(settings);
      pending = { client, apply: (target) => useClient(target, client, settings) };
      app.modelLabel = client.label;
      app.modelIsDemo = false;
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      modelSettings.problem = `${why} The demo model runs until you fix this in Model settings.`;
    }
  }
  if (settingsStore.problem) modelSettings.problem = settingsStore.problem;
}

/** A new runtime (boot): remember its demo client and switch to the saved model. */
export function applyToRuntime(runtime: Runtime): void {
  demoClient ??= runtime.session.model;
  if (pending) pending.apply(runtime.session);
  else runtime.session.setLimits(sessionLimitsOf(modelSettings.saved?.limits, undefined));
}

/** Apply the saved limits again (a workshop link's cap arrived): from the session's next run. */
export function applySavedLimits(): void {
  const target = session();
  const saved = modelSettings.saved;
  if (target) target.setLimits(sessionLimitsOf(saved?.limits, saved === null || saved.provider === 'demo' ? undefined : saved.model.trim()));
}

export type SaveOutcome =
  | { ok: true; label: string; /** Set when the change lives in this tab only. */ problem?: string }
  | { ok: false; error: string };

function firstProblem(results: StoreResult[]): string | undefined {
  return results.find((result) => !result.persisted)?.problem;
}

/**
 * Save the dialog's choice: check it, build the client, persist it (settings and key apart),
 * and switch the session to it from its next run.
 */
export async function saveChoice(saved: SavedModelSettings, apiKey: string): Promise<SaveOutcome> {
  if (saved.provider === 'demo') {
    const demo: SavedModelSettings = saved.limits ? { ...DEMO_CHOICE, limits: saved.limits } : DEMO_CHOICE;
    const results = [await saveModelSettings(demo)];
    pending = null;
    modelSettings.saved = demo;
    const target = session();
    if (target) useDemo(target);
    app.modelLabel = demoLabel();
    app.modelIsDemo = true;
    return settle(demoLabel(), results);
  }
  if (saved.provider === 'human') {
    const human: SavedModelSettings = { provider: 'human', model: '', ...(saved.limits ? { limits: saved.limits } : {}) };
    const results = [await saveModelSettings(human)];
    modelSettings.saved = human;
    const client = await humanClient();
    chooseHuman(client);
    return settle(client.label, results);
  }
  const settings = withKey(saved, apiKey.trim());
  if (!settings) return { ok: false, error: 'Choose a provider.' };
  const invalid = validateSettings(settings);
  if (invalid) return { ok: false, error: invalid };
  let client: ModelClient;
  try {
    client = await createModelClient(settings);
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  const results = [await saveModelSettings({ ...withoutKey(settings), ...(saved.limits ? { limits: saved.limits } : {}) }), await saveApiKey(saved.provider, apiKey)];
  modelSettings.saved = saved;
  const target = session();
  if (target) useClient(target, client, settings);
  else pending = { client, apply: (arrived) => useClient(arrived, client, settings) };
  app.modelLabel = client.label;
  app.modelIsDemo = false;
  return settle(client.label, results);
}

function settle(label: string, results: StoreResult[]): SaveOutcome {
  const problem = firstProblem(results);
  modelSettings.problem = problem ?? null;
  return problem ? { ok: true, label, problem } : { ok: true, label };
}

/**
 * Forget a provider's key. When the agent uses that provider, it goes back to the demo model
 * at once, so nothing more is sent with the key.
 */
export async function forgetKey(provider: ProviderId): Promise<{ switchedToDemo: boolean; problem?: string }> {
  const result = await forgetApiKey(provider);
  const saved = modelSettings.saved;
  const info = providerInfo(provider);
  let switchedToDemo = false;
  if (saved?.provider === provider && info) {
    const target = session();
    const keyless = info.needsKey ? undefined : withKey(saved, undefined);
    const client = keyless ? await createModelClient(keyless).catch(() => undefined) : undefined;
    if (keyless && client) {
      // A local server works without a key: keep it, rebuilt without the key.
      if (target) useClient(target, client, keyless);
      else pending = { client, apply: (arrived) => useClient(arrived, client, keyless) };
    } else {
      pending = null;
      if (target) useDemo(target);
      app.modelLabel = demoLabel();
      app.modelIsDemo = true;
      modelSettings.problem = `The ${info.label} key was forgotten; the demo model runs until you save a key.`;
      switchedToDemo = true;
    }
  }
  return result.persisted ? { switchedToDemo } : { switchedToDemo, problem: result.problem ?? 'Could not reach browser storage.' };
}

/** The saved key of a provider, for the dialog's field. */
export function savedKey(provider: ProviderId): Promise<string | undefined> {
  return loadApiKey(provider);
}

export type { ModelChoice, SavedModelSettings };
