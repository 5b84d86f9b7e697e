/**
 * The heavy half of the app, loaded with a dynamic import after the first paint:
 * the sandbox (WebContainer when it boots, else the offline sandbox: see ../boot/sandbox-boot.ts),
 * the agent Session, the default tools and the scripted demo model.
 */
import { Session } from '../../agent/session';
import { buildSystemPrompt } from '../../agent/system-prompt';
import { costUsd } from '../../models/catalogue';
import { createDemoModel, DEMO_PROMPT } from '../../models/demo-script';
import type { Sandbox } from '../../sandbox/port';
import { retryWebContainer } from '../boot/sandbox-boot';
import { createDefaultTools } from '../../tools/registry';
import type { Runtime } from './runtime-types';

/** `sandboxReady`: the sandbox boot, started by ../boot/start.ts while this chunk loaded. */
export async function createRuntime(sandboxReady: Promise<Sandbox>): Promise<Runtime> {
  const sandbox = await sandboxReady;
  const model = createDemoModel();
  const session = new Session({
    sandbox,
    model,
    tools: createDefaultTools(),
    systemPrompt: buildSystemPrompt,
    // Estimated from the catalogue's prices (unknown models cost nothing shown).
    costOf: (usage, modelId) => costUsd(modelId, usage),
  });
  const runtime: Runtime = {
    sandbox,
    session,
    demoPrompt: DEMO_PROMPT,
    resetModel: () => model.reset(),
    retryWebContainer: () => retryWebContainer(runtime.sandbox),
  };
  return runtime;
}
