/**
 * The offline model sources of the lab: the lesson's scripted run, or the demo script when the
 * task is not a lesson. Each lane gets a fresh client, so both start the script from its start.
 */
import { createDemoModel } from '../../models/demo-script';
import { ScriptedModelClient } from '../../models/scripted';
import type { ModelSource } from './harness-presets';
import type { LabTask } from './lab-task';

export function scriptedSource(task: LabTask): ModelSource {
  const script = task.script;
  if (script === undefined) {
    return { id: 'demo', label: 'Demo model (scripted)', create: async () => createDemoModel({ chunkDelayMs: 0 }) };
  }
  return { id: 'lesson-script', label: 'Lesson script (offline)', create: async () => new ScriptedModelClient({ script, chunkDelayMs: 0, label: 'Lesson script (offline)' }) };
}
