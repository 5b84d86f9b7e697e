import { GuestProgram, type Outcome } from './guest-program';
import { discardQuickJS, loadQuickJS } from './quickjs-loader';
import type { EngineEvent, EngineOutcome, EngineRequest } from './runner-protocol';
import { volumeFromImage } from './volume-image';
import { WriteBack } from './write-back';

/**
 * How often a program that computes without ever yielding hands its file changes over anyway.
 * Why at all: in the browser a Ctrl+C terminates the worker, and whatever the program wrote since
 * the last hand-over is lost with it; this bounds that window (as a real process's writes would
 * already be on disk). Why not more often: each hand-over copies the changed files.
 */
const SAVE_EVERY_MS = 200;

export interface EngineHooks {
  /** Output and file changes, in order. */
  emit(event: EngineEvent): void;
  /** Called now and then while the program computes (see ProgramOptions.onTick). */
  tick?(): void;
}

let acornParse: Promise<typeof import('acorn').parse> | undefined;

/**
 * The engine side of `node`: runs one program in a fresh QuickJS runtime over the workspace copy
 * in `request`, reporting output and file changes through `hooks`. The same code runs inside the
 * browser's Web Worker and in-process under Node. Never throws; `signal` stops the program at its
 * next check (in a worker the host terminates instead, and passes none).
 */
export async function runEngine(request: EngineRequest, hooks: EngineHooks, signal?: AbortSignal): Promise<EngineOutcome> {
  let module;
  let parse;
  try {
    [module, parse] = await Promise.all([loadQuickJS(), loadAcorn()]);
  } catch (error) {
    return { kind: 'unavailable', message: error instanceof Error ? error.message : String(error) };
  }

  const volume = volumeFromImage(request.volume);
  const writeBack = new WriteBack(volume);
  let lastSave = performance.now();
  const save = () => {
    lastSave = performance.now();
    const changes = writeBack.takeChanges();
    if (changes.length > 0) hooks.emit({ type: 'changes', changes });
  };

  let program: GuestProgram | undefined;
  let outcome: Outcome;
  try {
    program = new GuestProgram({
      module,
      volume,
      configJson: request.configJson,
      stdout: (text) => hooks.emit({ type: 'output', parts: [{ stream: 'stdout', text }] }),
      stderr: (text) => hooks.emit({ type: 'output', parts: [{ stream: 'stderr', text }] }),
      stdin: request.stdin,
      timeoutMs: request.timeoutMs,
      memoryLimitBytes: request.memoryLimitBytes,
      parse,
      signal,
      flush: save,
      onTick: () => {
        hooks.tick?.();
        if (volume.dirty.size > 0 && performance.now() - lastSave >= SAVE_EVERY_MS) save();
      },
    });
    outcome = await program.run();
  } catch (error) {
    // The host engine failed inside the wasm (its own stack overflowed, or Emscripten aborted).
    outcome = { kind: 'crash', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  } finally {
    try {
      program?.dispose();
    } catch {
      discardQuickJS();
    }
  }
  // That instance cannot be trusted again: the next run loads a fresh one.
  if (outcome.kind === 'crash') discardQuickJS();
  save();
  return outcome;
}

/** Loads QuickJS and acorn ahead of the first run (a worker does it as soon as it starts). */
export async function prepareEngine(): Promise<void> {
  await Promise.all([loadQuickJS(), loadAcorn()]);
}

function loadAcorn(): Promise<typeof import('acorn').parse> {
  if (!acornParse) {
    acornParse = import('acorn').then((acorn) => acorn.parse);
    acornParse.catch(() => {
      acornParse = undefined;
    });
  }
  return acornParse;
}
