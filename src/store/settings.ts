/**
 * Model settings and API keys in IndexedDB, with an in-memory fallback: when storage is
 * missing, full or broken, what the user saved still holds for this tab, and the caller
 * gets a message saying so. Keys live in their own store (see ./db.ts) and are only ever
 * read back by provider id.
 */
// zod/mini: the settings load before the first paint, where every kilobyte counts.
import * as z from 'zod/mini';
import { providerInfo, type ModelSettings, type ProviderId } from '../models/providers';
import type { IDBPObjectStore } from 'idb';
import type { RuleLists } from '../agent/permission-rule';
import { DbConnection } from './connection';
import { openGlassboxDb, type GlassboxDb, type GlassboxSchema } from './db';
import { openProblem, writeProblem } from './storage-problem';

/** 'demo' is the scripted model, 'human' the person at the keyboard ("You are the model"): no provider, no key. */
export type ModelChoice = ProviderId | 'demo' | 'human';

/** Limits and context settings, saved with the model choice (Model settings → Limits and context). */
export interface LimitsSettings {
  maxTurns?: number;
  spendCapUsd?: number;
  spendCapTokens?: number;
  /** A smaller window than the model's (empty: the model's own). */
  contextWindow?: number;
  autoCompact?: boolean;
  outputReserve?: number;
  buffer?: number;
  microCompact?: boolean;
  keepToolResults?: number;
}

/** What is saved of the model settings: never the key. */
export interface SavedModelSettings extends Omit<ModelSettings, 'apiKey' | 'provider'> {
  provider: ModelChoice;
  limits?: LimitsSettings;
}

export interface StoreResult {
  /** False when the change lives in memory only (this tab). */
  persisted: boolean;
  /** Why it did not persist, in words for the user. */
  problem?: string;
}

const MODEL_KEY = 'model';
/** The user's permission rules in this browser ("Always allow" and the Permissions view write them). */
const PERMISSION_RULES_KEY = 'permissionRules';
/** In the secrets store, beside the API keys (never a provider id). */
const GITHUB_TOKEN_KEY = 'github-token';
/** In the secrets store: the web search API key (WebSearch is offered only while one is set). */
const SEARCH_KEY = 'web-search-key';
/** In the secrets store: the token for git hosts (private clones, push). */
const GIT_TOKEN_KEY = 'git-token';

const choiceSchema = z.string().check(z.refine((value) => value === 'demo' || value === 'human' || providerInfo(value) !== undefined));
const positiveInt = z.int().check(z.positive());
/** An optional field that is dropped, not fatal, when it does not read back. */
const lenient = <T extends z.ZodMiniType>(schema: T) => z.catch(z.optional(schema), undefined);

const savedSettingsSchema = z.object({
  provider: choiceSchema,
  model: z.catch(z.string(), ''),
  baseUrl: lenient(z.pipe(z.string(), z.transform((url) => url.trim())).check(z.minLength(1))),
  maxTokens: lenient(positiveInt),
  thinking: lenient(z.boolean()),
  thinkingBudget: lenient(positiveInt),
  limits: lenient(
    z.object({
      maxTurns: lenient(positiveInt),
      spendCapUsd: lenient(z.number().check(z.positive())),
      spendCapTokens: lenient(positiveInt),
      contextWindow: lenient(z.int().check(z.gte(1000))),
      autoCompact: lenient(z.boolean()),
      outputReserve: lenient(z.int().check(z.gte(0))),
      buffer: lenient(z.int().check(z.gte(0))),
      microCompact: lenient(z.boolean()),
      keepToolResults: lenient(positiveInt),
    }),
  ),
});

/** The limits as saved, without the fields left unset. */
function definedLimits(limits: LimitsSettings | undefined): LimitsSettings | undefined {
  if (limits === undefined) return undefined;
  const out = Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined)) as LimitsSettings;
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Settings as saved, read back field by field (what storage returns may be old or tampered with):
 * an unknown provider makes the whole record unusable; a bad optional field is only left out.
 * Fields not listed (a key passed in by mistake) are never kept.
 */
export function sanitizeModelSettings(value: unknown): SavedModelSettings | undefined {
  const parsed = savedSettingsSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const { provider, model, baseUrl, maxTokens, thinking, thinkingBudget } = parsed.data;
  const limits = definedLimits(parsed.data.limits);
  return {
    ...(limits === undefined ? {} : { limits }),
    provider: provider as ModelChoice, // checked by choiceSchema
    model,
    ...(baseUrl === undefined ? {} : { baseUrl }),
    ...(maxTokens === undefined ? {} : { maxTokens }),
    ...(thinking === undefined ? {} : { thinking }),
    ...(thinkingBudget === undefined ? {} : { thinkingBudget }),
  };
}

const ruleList = z.catch(z.array(z.string()), []);
const permissionRulesSchema = z.object({ allow: ruleList, ask: ruleList, deny: ruleList });

/** The user's allow / ask / deny lists as saved; what does not read back as lists of strings is dropped. */
export function sanitizePermissionRules(value: unknown): RuleLists {
  const parsed = permissionRulesSchema.safeParse(value);
  if (!parsed.success) return { allow: [], ask: [], deny: [] };
  const { allow, ask, deny } = parsed.data;
  return { allow, ask, deny };
}

export interface SettingsStoreOptions {
  /** Opens the database; injectable for tests. */
  open?: () => Promise<GlassboxDb>;
}

/** Values written in this tab; `null` marks a key forgotten here. Newer than storage when a write failed. */
interface Memory {
  settings: Map<string, unknown>;
  secrets: Map<string, string | null>;
}

export class SettingsStore {
  private readonly connection: DbConnection;
  private readonly memory: Memory = { settings: new Map(), secrets: new Map() };
  private lastProblem: string | undefined;

  constructor(options: SettingsStoreOptions = {}) {
    this.connection = new DbConnection(options.open ?? (() => openGlassboxDb()));
  }

  /** The latest storage problem, if storage is not working. */
  get problem(): string | undefined {
    return this.lastProblem;
  }

  async loadModelSettings(): Promise<SavedModelSettings | undefined> {
    if (this.memory.settings.has(MODEL_KEY)) return sanitizeModelSettings(this.memory.settings.get(MODEL_KEY));
    const stored = await this.read((db) => db.get('settings', MODEL_KEY));
    return sanitizeModelSettings(stored);
  }

  saveModelSettings(settings: SavedModelSettings): Promise<StoreResult> {
    // Rebuilt field by field, so a key passed in by mistake is not written.
    const safe = sanitizeModelSettings(settings);
    if (!safe) return Promise.resolve({ persisted: false, problem: `Unknown provider "${String(settings.provider)}".` });
    this.memory.settings.set(MODEL_KEY, safe);
    return this.write('settings', (store) => store.put(safe, MODEL_KEY));
  }

  async loadPermissionRules(): Promise<RuleLists> {
    if (this.memory.settings.has(PERMISSION_RULES_KEY)) return sanitizePermissionRules(this.memory.settings.get(PERMISSION_RULES_KEY));
    return sanitizePermissionRules(await this.read((db) => db.get('settings', PERMISSION_RULES_KEY)));
  }

  savePermissionRules(lists: RuleLists): Promise<StoreResult> {
    const safe = sanitizePermissionRules(lists);
    this.memory.settings.set(PERMISSION_RULES_KEY, safe);
    return this.write('settings', (store) => store.put(safe, PERMISSION_RULES_KEY));
  }

  async loadApiKey(provider: ProviderId): Promise<string | undefined> {
    if (this.memory.secrets.has(provider)) return this.memory.secrets.get(provider) ?? undefined;
    const stored = await this.read((db) => db.get('secrets', provider));
    return typeof stored === 'string' && stored !== '' ? stored : undefined;
  }

  saveApiKey(provider: ProviderId, key: string): Promise<StoreResult> {
    const trimmed = key.trim();
    if (trimmed === '') return this.forgetApiKey(provider);
    this.memory.secrets.set(provider, trimmed);
    return this.write('secrets', (store) => store.put(trimmed, provider));
  }

  forgetApiKey(provider: ProviderId): Promise<StoreResult> {
    this.memory.secrets.set(provider, null);
    return this.write('secrets', (store) => store.delete(provider));
  }

  /** The GitHub token the user gave to publish gists: kept like an API key, in this browser only. */
  loadGitHubToken(): Promise<string | undefined> {
    return this.loadSecret(GITHUB_TOKEN_KEY);
  }

  saveGitHubToken(token: string): Promise<StoreResult> {
    return this.saveSecret(GITHUB_TOKEN_KEY, token);
  }

  /** The web search API key: kept like an API key, in this browser only. */
  loadSearchKey(): Promise<string | undefined> {
    return this.loadSecret(SEARCH_KEY);
  }

  /** Set the web search API key, or forget it with ''. */
  saveSearchKey(key: string): Promise<StoreResult> {
    return this.saveSecret(SEARCH_KEY, key);
  }

  /** The token for private repositories and push (clone, pull, push): kept like an API key. */
  loadGitToken(): Promise<string | undefined> {
    return this.loadSecret(GIT_TOKEN_KEY);
  }

  /** Set the git token, or forget it with ''. */
  saveGitToken(token: string): Promise<StoreResult> {
    return this.saveSecret(GIT_TOKEN_KEY, token);
  }

  private async loadSecret(name: string): Promise<string | undefined> {
    if (this.memory.secrets.has(name)) return this.memory.secrets.get(name) ?? undefined;
    const stored = await this.read((db) => db.get('secrets', name));
    return typeof stored === 'string' && stored !== '' ? stored : undefined;
  }

  private saveSecret(name: string, value: string): Promise<StoreResult> {
    const trimmed = value.trim();
    this.memory.secrets.set(name, trimmed === '' ? null : trimmed);
    return this.write('secrets', (store) => (trimmed === '' ? store.delete(name) : store.put(trimmed, name)));
  }

  private async read<T>(op: (db: GlassboxDb) => Promise<T>): Promise<T | undefined> {
    try {
      return await this.connection.run(op);
    } catch (error) {
      this.lastProblem = openProblem(error);
      return undefined;
    }
  }

  /** One write in its own transaction; resolves once the transaction commits (quota errors surface there). */
  private async write<Name extends 'settings' | 'secrets'>(
    name: Name,
    op: (store: IDBPObjectStore<GlassboxSchema, [Name], Name, 'readwrite'>) => Promise<unknown>,
  ): Promise<StoreResult> {
    let opened = false;
    try {
      await this.connection.run(
        async (db) => {
          const tx = db.transaction(name, 'readwrite');
          await Promise.all([op(tx.objectStore(name)), tx.done]);
        },
        () => {
          opened = true;
        },
      );
      this.lastProblem = undefined;
      return { persisted: true };
    } catch (error) {
      this.lastProblem = opened ? writeProblem(error) : openProblem(error);
      return { persisted: false, problem: this.lastProblem };
    }
  }
}

/** The page's settings store. */
export const settingsStore = new SettingsStore();

export const loadModelSettings = (): Promise<SavedModelSettings | undefined> => settingsStore.loadModelSettings();
export const saveModelSettings = (settings: SavedModelSettings): Promise<StoreResult> => settingsStore.saveModelSettings(settings);
export const loadApiKey = (provider: ProviderId): Promise<string | undefined> => settingsStore.loadApiKey(provider);
export const saveApiKey = (provider: ProviderId, key: string): Promise<StoreResult> => settingsStore.saveApiKey(provider, key);
export const forgetApiKey = (provider: ProviderId): Promise<StoreResult> => settingsStore.forgetApiKey(provider);
