/**
 * Lessons in the app (loaded on first use: `?lesson=`, the Lessons tab): the site's catalogue,
 * the open lesson, its scripted model and harness settings, its exercise check, and progress.
 *
 * Opening a lesson goes through the share path (src/app/share/open-shared.ts), so it asks before
 * replacing work the same way. While a lesson is open, the demo model is replaced by the lesson's
 * scripted model (unless the user chose a model of their own), and its `harness` settings apply.
 *
 * The API others call (e.g. the Compare lab): `lessons.open(address)`, `lessons.current`,
 * `lessons.check()` / `lessonCheckContext()` and `lessons.startRun()` / `lessons.runWithMyModel()`.
 */
import type { LoggedEvent } from '../../agent/event-log';
import type { SessionApi, SessionLimits } from '../../agent/session-contract';
import type { ModelClient } from '../../models/port';
import type { ScriptedModelClient } from '../../models/scripted';
import type { LessonCatalog } from '../../lessons/lesson-catalog';
import { evaluateCheck } from '../../lessons/lesson-check';
import { decideCall } from '../../lessons/lesson-decide';
import type { CheckVerdict, Lesson, LessonCheckContext } from '../../lessons/lesson-format';
import { createLessonModel } from '../../lessons/lesson-model';
import { fetchCatalog, fetchLesson, lessonId, readLessonAddress, type LessonAddress, type OpenedLesson } from '../../lessons/lesson-source';
import { ShareError } from '../../share/shared-playground';
import { LessonProgressStore, type LessonProgressRecord, type LessonStep } from '../../store/lesson-progress';
import { sidePanel } from '../layout/side-panel-state.svelte';
import { memoryBook } from '../memory/memory-book';
import { sessionLimitsOf } from '../settings/limits-settings';
import { modelSettings } from '../settings/model-settings.svelte';
import { app } from '../state/app-store.svelte';
import { withNotice } from '../state/fold';
import { workspace } from '../state/workspace.svelte';

/** The side panel tab of the lessons (./side-panels.ts). */
export const LESSONS_TAB = 'lessons';
/** The lesson open last, so a reload shows its text again (its files are already in the workspace). */
const OPEN_LESSON_KEY = 'glassbox:open-lesson';

function words(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The check's view of the live app: workspace files, the permission gate, the session's log, memory. */
export async function lessonCheckContext(): Promise<LessonCheckContext> {
  const runtime = await app.start();
  const { sandbox, session } = runtime;
  // Every run reads the workspace's settings files first; so does the check.
  await session.reloadWorkspaceRules().catch(() => undefined);
  return {
    async readFile(path) {
      const absolute = `${sandbox.root}/${path.replace(/^\/+/, '')}`;
      try {
        return await sandbox.fs.readText(absolute);
      } catch {
        return undefined;
      }
    },
    decide: (tool, input) => decideCall({ tools: session.tools, rules: session.permissionRules.all(), sandbox }, tool, input),
    events: () => session.log.map((entry: LoggedEvent) => entry.event),
    async memories() {
      const entries = await (await memoryBook()).list();
      return entries.map((entry) => `${entry.name}\n${entry.description}\n${entry.body}`);
    },
  };
}

class LessonsState {
  catalog: LessonCatalog | null = $state.raw(null);
  catalogError = $state<string | null>(null);
  /** Lesson id → progress. */
  progress: Readonly<Record<string, LessonProgressRecord>> = $state.raw({});
  progressProblem = $state<string | null>(null);
  current: OpenedLesson | null = $state.raw(null);
  /** Opening, fetching or checking: buttons wait. */
  busy = $state(false);
  /** Why the last open failed, with every problem. */
  error: { summary: string; problems: readonly string[] } | null = $state.raw(null);
  verdict: CheckVerdict | null = $state.raw(null);
  /** The lesson's run is going (started from the panel). */
  running = $state(false);

  #store = new LessonProgressStore();
  #loaded: Promise<void> | null = null;
  /** The lesson's scripted model, and the model it stands in for (given back on close). */
  #model: ScriptedModelClient | null = null;
  #replaced: { model: ModelClient; modelId: string } | null = null;

  /** The catalogue and the saved progress, and the lesson open before a reload. Idempotent. */
  load(): Promise<void> {
    this.#loaded ??= (async () => {
      const [catalog, progress] = await Promise.all([
        fetchCatalog(location.origin, (input, init) => fetch(input, init)).catch((error: unknown) => {
          this.catalogError = words(error);
          return null;
        }),
        this.#store.loadAll(),
      ]);
      this.catalog = catalog;
      this.progress = Object.fromEntries(progress);
      this.progressProblem = this.#store.problem ?? null;
      const saved = readSaved();
      if (saved && !this.current) await this.#resume(saved);
    })();
    return this.#loaded;
  }

  progressOf(id: string): LessonProgressRecord {
    return this.progress[id] ?? {};
  }

  async #mark(id: string, step: LessonStep): Promise<void> {
    const record = await this.#store.mark(id, step);
    this.progress = { ...this.progress, [id]: record };
    this.progressProblem = this.#store.problem ?? null;
  }

  /**
   * Open a lesson by `?lesson=` value (a slug, or the URL of a `.glassbox` lesson): show the
   * Lessons tab, fetch and check it, ask before replacing work, load its files, type its prompt
   * in, and switch to its scripted model and harness settings. Resolves true when it opened.
   */
  async open(value: string): Promise<boolean> {
    sidePanel.show(LESSONS_TAB);
    const address = readLessonAddress(value);
    if (!address) {
      this.error = { summary: `“${value.slice(0, 200)}” is neither a lesson name nor the address of a lesson file`, problems: [] };
      return false;
    }
    this.busy = true;
    this.error = null;
    try {
      await this.load();
      const opened = await fetchLesson(address, location.origin, (input, init) => fetch(input, init), this.catalog ?? undefined);
      const { openSharedPlayground } = await import('../share/open-shared');
      const done = await openSharedPlayground({ files: opened.lesson.files, prompt: opened.lesson.manifest.prompt }, { kind: 'lesson', title: opened.lesson.manifest.title });
      if (!done) return false;
      await this.#adopt(opened);
      await this.#mark(opened.id, 'opened');
      return true;
    } catch (error) {
      this.error = error instanceof ShareError ? { summary: error.summary, problems: error.problems } : { summary: `Could not open the lesson: ${words(error)}`, problems: [] };
      await app.start().catch(() => undefined);
      app.view = withNotice(app.view, `${this.error.summary}${this.error.problems.length > 0 ? `: ${this.error.problems.join('; ')}` : ''}. Your work is as it was.`, 'error');
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** After a reload: the lesson's text, model and settings again; the workspace is left as it is. */
  async #resume(address: LessonAddress): Promise<void> {
    try {
      await this.#adopt(await fetchLesson(address, location.origin, (input, init) => fetch(input, init), this.catalog ?? undefined));
    } catch {
      forgetSaved();
    }
  }

  async #adopt(opened: OpenedLesson): Promise<void> {
    const runtime = await app.start();
    this.#giveBackModel(runtime.session);
    this.current = opened;
    this.verdict = null;
    saveAddress(opened.address);
    this.#model = createLessonModel(opened.lesson);
    // The user's own model stays; the demo model makes way for the lesson's run.
    if (runtime.session.model.provider === 'scripted') this.#useLessonModel(runtime.session);
    runtime.session.setLimits(this.#limits(opened.lesson, runtime.session));
    const mode = opened.lesson.manifest.harness?.permissionMode;
    if (mode !== undefined) app.setPermissionMode(mode);
  }

  #useLessonModel(session: SessionApi): void {
    const model = this.#model;
    if (!model || session.model === model) return;
    this.#replaced ??= { model: session.model, modelId: session.modelId };
    session.setModel(model);
    app.modelLabel = model.label;
  }

  #giveBackModel(session: SessionApi): void {
    const replaced = this.#replaced;
    this.#replaced = null;
    if (replaced && session.model === this.#model) {
      session.setModel(replaced.model, replaced.modelId);
      app.modelLabel = replaced.model.label;
    }
  }

  /** The saved limits with the lesson's harness settings over them. */
  #limits(lesson: Lesson | undefined, session: SessionApi): SessionLimits {
    const base = sessionLimitsOf(modelSettings.saved?.limits, app.modelIsDemo ? undefined : session.modelId);
    const harness = lesson?.manifest.harness;
    if (!harness) return base;
    return { ...base, ...(harness.maxTurns === undefined ? {} : { maxTurns: harness.maxTurns }), context: { ...base.context, ...harness.context } };
  }

  /** Close the lesson: its model and settings go; the workspace and the conversation stay. */
  async close(): Promise<void> {
    const runtime = await app.start();
    this.#giveBackModel(runtime.session);
    this.current = null;
    this.#model = null;
    this.verdict = null;
    runtime.session.setLimits(this.#limits(undefined, runtime.session));
    forgetSaved();
  }

  /** Whether the user has chosen a model of their own (then "Run with my model" can run). */
  get hasOwnModel(): boolean {
    return !app.modelIsDemo;
  }

  /** The model the chat runs with, in words (the panel reads the app through this state). */
  get modelLabel(): string {
    return app.modelLabel;
  }

  /** A run is going (the panel's buttons wait). */
  get appRunning(): boolean {
    return app.running;
  }

  /** "Start the run": the lesson's scripted run, from its first turn, in a fresh conversation. */
  async startRun(): Promise<void> {
    const opened = this.current;
    if (!opened || app.running) return;
    const runtime = await app.start();
    await app.newChat();
    this.#model?.reset();
    const ownModel = runtime.session.model.provider === 'scripted' ? null : { model: runtime.session.model, modelId: runtime.session.modelId };
    this.#useLessonModel(runtime.session);
    await this.#run(opened, () => this.#model?.finished === true);
    // The user's own model comes back once the scripted run has played.
    if (ownModel) this.#giveBackModel(runtime.session);
  }

  /** "Run with my model": the same prompt, sent to the model chosen in Model settings. */
  async runWithMyModel(): Promise<void> {
    const opened = this.current;
    if (!opened || app.running) return;
    if (!this.hasOwnModel) {
      modelSettings.show();
      return;
    }
    const runtime = await app.start();
    await app.newChat();
    this.#giveBackModel(runtime.session);
    await this.#run(opened, () => true);
  }

  async #run(opened: OpenedLesson, played: () => boolean): Promise<void> {
    this.running = true;
    this.verdict = null;
    // The run is watched in the chat (tool calls, permission prompts); the lesson waits in its tab.
    sidePanel.show('chat');
    try {
      app.draftPrompt = null;
      const stop = await app.send(opened.lesson.manifest.prompt);
      if (stop === 'completed' && played()) await this.#mark(opened.id, 'runWatched');
    } finally {
      this.running = false;
    }
  }

  /** "Reset lesson files": the lesson's starting files again (the conversation stays). */
  async resetFiles(): Promise<void> {
    const opened = this.current;
    if (!opened || app.running) return;
    const runtime = await app.start();
    this.busy = true;
    try {
      await runtime.sandbox.restore({ files: opened.lesson.files });
      runtime.persistence.workspaceChanged();
      await workspace.refresh();
      this.verdict = null;
      app.view = withNotice(app.view, `The files of “${opened.lesson.manifest.title}” are back as the lesson started.`, 'info');
    } finally {
      this.busy = false;
    }
  }

  /** "Check": the exercise's verdict from the live workspace, gate, log and memory. */
  async check(): Promise<CheckVerdict | null> {
    const opened = this.current;
    if (!opened) return null;
    this.busy = true;
    try {
      const verdict = await evaluateCheck(opened.lesson.manifest.check, await lessonCheckContext());
      this.verdict = verdict;
      if (verdict.passed) await this.#mark(opened.id, 'passed');
      return verdict;
    } catch (error) {
      this.verdict = { passed: false, detail: `The check could not run: ${words(error)}` };
      return this.verdict;
    } finally {
      this.busy = false;
    }
  }

  /** The catalogue's neighbours of the open lesson, for Previous / Next. */
  neighbours(): { previous?: string; next?: string } {
    const list = this.catalog?.lessons ?? [];
    const at = list.findIndex((entry) => entry.slug === (this.current?.address.kind === 'built-in' ? this.current.address.slug : undefined));
    if (at < 0) return {};
    const previous = list[at - 1]?.slug;
    const next = list[at + 1]?.slug;
    return { ...(previous === undefined ? {} : { previous }), ...(next === undefined ? {} : { next }) };
  }
}

function saveAddress(address: LessonAddress): void {
  try {
    localStorage.setItem(OPEN_LESSON_KEY, lessonId(address));
  } catch {
    // Storage refused: the lesson is simply not shown again after a reload.
  }
}

function readSaved(): LessonAddress | undefined {
  try {
    const value = localStorage.getItem(OPEN_LESSON_KEY);
    return value === null ? undefined : readLessonAddress(value);
  } catch {
    return undefined;
  }
}

function forgetSaved(): void {
  try {
    localStorage.removeItem(OPEN_LESSON_KEY);
  } catch {
    // Nothing to forget.
  }
}

export const lessons = new LessonsState();
