/**
 * The replay the chat shows: a recorded run (a session's event log, from this conversation or a
 * share link) played again in a fresh conversation with no key. The harness does the playing
 * (../../agent/replay/): this store loads it on demand, mirrors the gate's state for the
 * timeline, and turns the user's choices (play, pause, step, speed, seek, keep replaying,
 * continue with my model) into calls.
 *
 * Start files: with `startFiles` the workspace is set to them first, so the tools see what they
 * saw when the run was recorded. Without them the replay runs on the current files: where that
 * makes a tool return something else, the replay says so at that step and holds.
 */
import type { LoggedEvent } from '../../agent/event-log';
import type { ReplayDivergence, StopReason } from '../../agent/events';
import type { ReplayModelClient } from '../../agent/replay/replay-client';
import type { ReplayGate, ReplaySpeed } from '../../agent/replay/replay-gate';
import type { ModelClient } from '../../models/port';
import type { Snapshot } from '../../sandbox/port';
import { app } from '../state/app-store.svelte';
import { workspace } from '../state/workspace.svelte';
import { rememberStartFiles, startFilesOf } from './start-files';

export interface ReplayOptions {
  /** The files the recorded run started from (path relative to the workspace → contents). */
  startFiles?: Snapshot['files'];
  /** Start playing at once (default) or wait for Play. */
  playing?: boolean;
  speed?: ReplaySpeed;
  /** Play at once to this step, then hold (the scrubber moved back: the replay starts over). */
  runTo?: number;
}

export type ReplayPhase = 'idle' | 'loading' | 'playing' | 'paused' | 'diverged' | 'ended';

class ReplayStore {
  /** A replay is loaded: the timeline shows. */
  active = $state(false);
  loading = $state(false);
  /** The replay's runs are going on (false once they ended). */
  running = $state(false);
  playing = $state(false);
  speed = $state<ReplaySpeed>(1);
  /** Answers played so far (the one streaming counts). */
  position = $state(0);
  total = $state(0);
  /** The step whose divergence holds the replay for the user's choice; null when none. */
  heldAt = $state<number | null>(null);
  /** The user's model took over ("Continue with my model"). */
  live = $state(false);
  /** How the replay's last run ended. */
  endReason = $state<StopReason | null>(null);
  /** Why a replay could not start, in words. */
  error = $state<string | null>(null);
  /** Whether the replay started from the run's own files. */
  fromStartFiles = $state(false);

  readonly phase: ReplayPhase = $derived(
    this.loading ? 'loading' : !this.active ? 'idle' : !this.running ? 'ended' : this.heldAt !== null ? 'diverged' : this.playing ? 'playing' : 'paused',
  );

  #gate: ReplayGate | null = null;
  #client: ReplayModelClient | null = null;
  #ownModel: { model: ModelClient; modelId: string } | null = null;
  #playing: Promise<unknown> | null = null;
  #source: { log: LoggedEvent[]; options: ReplayOptions } | null = null;

  /** Replay a recorded run (a session's log) in a fresh conversation. Resolves once it has started. */
  async start(log: readonly LoggedEvent[], options: ReplayOptions = {}): Promise<boolean> {
    if (this.loading) return false;
    this.error = null;
    if (app.running && !this.running) {
      this.error = 'A run is in progress: stop it before replaying.';
      return false;
    }
    this.loading = true;
    try {
      await this.#stopCurrent();
      const runtime = await app.start();
      const [{ recordRun }, { ReplayGate }, { ReplayModelClient }, { playRecording }] = await Promise.all([
        import('../../agent/replay/recorded-run'),
        import('../../agent/replay/replay-gate'),
        import('../../agent/replay/replay-client'),
        import('../../agent/replay/replay-run'),
      ]);
      const source = [...log];
      const recording = recordRun(source);
      if (recording.steps.length === 0) {
        this.error = 'This run has no model answers to replay.';
        return false;
      }
      await app.newChat();
      const { session, sandbox } = runtime;
      if (options.startFiles) {
        await sandbox.restore({ files: options.startFiles });
        await workspace.refresh();
        rememberStartFiles(session.log, options.startFiles);
      }
      const gate = new ReplayGate({ playing: options.runTo === undefined ? (options.playing ?? true) : false, speed: options.speed ?? this.speed });
      const client: ReplayModelClient = new ReplayModelClient({
        recording,
        gate,
        report: (event) => session.record(event),
        onDivergence: (found) => {
          this.heldAt = found[0]?.step ?? null;
        },
      });
      gate.onChange((state) => {
        this.playing = state.playing;
        this.speed = state.speed;
        this.position = state.position;
      });
      this.#gate = gate;
      this.#client = client;
      this.#source = { log: source, options };
      this.#ownModel = { model: session.model, modelId: session.modelId };
      this.total = recording.steps.length;
      this.position = 0;
      this.playing = gate.state.playing;
      this.speed = gate.state.speed;
      this.heldAt = null;
      this.live = false;
      this.endReason = null;
      this.fromStartFiles = options.startFiles !== undefined;
      this.active = true;
      this.running = true;
      if (options.runTo !== undefined && options.runTo > 0) gate.runTo(options.runTo);
      const playing = playRecording(session, client)
        .then((outcome) => {
          if (this.#client === client) this.endReason = outcome.reasons.at(-1) ?? null;
        })
        .catch((error: unknown) => {
          if (this.#client === client) this.error = `The replay failed: ${error instanceof Error ? error.message : String(error)}`;
        })
        .finally(() => {
          if (this.#client !== client) return;
          this.running = false;
          this.playing = false;
          this.heldAt = null;
        });
      this.#playing = playing;
      return true;
    } catch (error) {
      this.error = `Could not start the replay: ${error instanceof Error ? error.message : String(error)}`;
      return false;
    } finally {
      this.loading = false;
    }
  }

  /** "Replay this run": the current conversation's recorded run, from the files it started with when known. */
  async replayCurrent(): Promise<boolean> {
    const session = app.session;
    if (!session) return false;
    const startFiles = startFilesOf(session.log);
    return this.start(session.log, startFiles === undefined ? {} : { startFiles });
  }

  play(): void {
    this.heldAt = null;
    this.#gate?.play();
  }

  pause(): void {
    this.#gate?.pause();
  }

  step(): void {
    this.heldAt = null;
    this.#gate?.step();
  }

  setSpeed(speed: ReplaySpeed): void {
    this.speed = speed;
    this.#gate?.setSpeed(speed);
  }

  /** Move to step `step`: ahead plays at once up to it; back starts the replay over and plays up to it. */
  async seek(step: number): Promise<void> {
    const gate = this.#gate;
    if (!gate || !this.active) return;
    if (step >= this.position && this.running) {
      this.heldAt = null;
      gate.runTo(step);
      return;
    }
    const source = this.#source;
    if (!source) return;
    await this.start(source.log, { ...source.options, runTo: step });
  }

  /** After a divergence: go on with the recording. */
  keepReplaying(): void {
    this.play();
  }

  /** After a divergence: the user's own model answers from this step on. */
  continueLive(): void {
    const client = this.#client;
    const session = app.session;
    const own = this.#ownModel;
    if (!client || !session || !own || app.modelIsDemo) return;
    // The user may have chosen another model meanwhile: theirs now wins.
    const mine = session.model === client ? own : { model: session.model, modelId: session.modelId };
    client.goLive(mine.model, mine.modelId);
    this.live = true;
    this.play();
  }

  /** Hide the timeline (stops a replay still going on; the conversation stays). */
  async close(): Promise<void> {
    await this.#stopCurrent();
    this.active = false;
    this.running = false;
    this.#gate = null;
    this.#client = null;
    this.#source = null;
  }

  /** The inspector entry of the current step (0-based), or -1 when no replay is shown. */
  get currentRequest(): number {
    return this.active ? this.position - 1 : -1;
  }

  async #stopCurrent(): Promise<void> {
    if (!this.running) return;
    app.interrupt();
    await this.#playing;
  }
}

export const replay = new ReplayStore();

/**
 * The entry point for a shared run: replay `log` (a session's event log) in a fresh
 * conversation, with no key. Resolves true once the replay has started (false with
 * `replay.error` set when it could not).
 */
export function startReplay(log: readonly LoggedEvent[], options: ReplayOptions = {}): Promise<boolean> {
  return replay.start(log, options);
}

export type { ReplayDivergence, ReplaySpeed };
