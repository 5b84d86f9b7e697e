/**
 * The heavy half of the app, loaded with a dynamic import after the first paint:
 * the offline sandbox (just-bash), the agent Session, the default tools and the
 * scripted demo model.
 */
import { Session } from '../../agent/session';
import { buildSystemPrompt } from '../../agent/system-prompt';
import { createDemoModel, DEMO_PROMPT } from '../../models/demo-script';
import { createOfflineSandbox } from '../../sandbox/offline';
import { createDefaultTools } from '../../tools/registry';
import type { Runtime } from './runtime-types';

export async function createRuntime(): Promise<Runtime> {
  const sandbox = await createOfflineSandbox();
  const model = createDemoModel();
  const session = new Session({
    sandbox,
    model,
    tools: createDefaultTools(),
    systemPrompt: buildSystemPrompt,
  });
  return { sandbox, session, demoPrompt: DEMO_PROMPT, resetModel: () => model.reset() };
}
