/**
 * Step mode as the app sees it: the header switch and the paused step. First-paint code, so it
 * stays tiny: the gate itself (../../agent/step-controller.ts) loads when the switch is first turned
 * on, and the paused view (./StepPanel.svelte) when a step first waits.
 */
import type { StepController, StepPause } from '../../agent/step-controller';
import type { ToolResultBlock } from '../../models/messages';
import type { ModelRequest } from '../../models/port';
import { app } from '../state/app-store.svelte';

class StepMode {
  /** The switch: on while the run pauses at each step. */
  on = $state(false);
  /** The step the run waits at, or null. */
  pause: StepPause | null = $state.raw(null);
  #controller: StepController | null = null;
  #loading: Promise<StepController> | null = null;

  async setOn(on: boolean): Promise<void> {
    this.on = on;
    if (!on && this.#controller === null) return;
    (await this.#load()).setEnabled(on);
  }

  /** Send the request / run the call / hand back the result, with `edit` in its place when given. */
  next(edit?: ModelRequest | ToolResultBlock): void {
    this.#controller?.next(edit);
  }

  /** Leave step mode: this step (with `edit`) and the rest of the run go on. */
  continueRun(edit?: ModelRequest | ToolResultBlock): void {
    this.#controller?.continue(edit);
  }

  #load(): Promise<StepController> {
    this.#loading ??= import('../../agent/step-controller').then(({ StepController }) => {
      const controller = new StepController();
      controller.onChange((state) => {
        this.on = state.enabled;
        this.pause = state.pause;
      });
      this.#controller = controller;
      // The session every run goes through (prompts, the demo, replays): booted now if it is not yet, and any later one.
      app.onRuntime(async ({ session }) => session.setStepGate(controller));
      void app.start().then(({ session }) => session.setStepGate(controller)).catch(() => undefined);
      return controller;
    });
    return this.#loading;
  }
}

export const stepMode = new StepMode();
