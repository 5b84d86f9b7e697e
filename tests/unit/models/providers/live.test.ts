/**
 * Real-network tests against the real providers. They run only where both a key
 * (ANTHROPIC_API_KEY, OPENAI_API_KEY, GEMINI_API_KEY) and the provider's host are
 * reachable; elsewhere each one is skipped and prints exactly why. Every other
 * provider test replays the documented wire formats, so this file is the only one
 * that needs the network.
 */
import { describe, expect, it } from 'vitest';
import { createModelClient, defaultSettings, type ProviderId } from '../../../../src/models/providers';
import { assemble, collect, request } from './helpers';

interface LiveTarget {
  provider: ProviderId;
  keyVariable: string;
  host: string;
}

const TARGETS: LiveTarget[] = [
  { provider: 'anthropic', keyVariable: 'ANTHROPIC_API_KEY', host: 'https://api.anthropic.com' },
  { provider: 'openai', keyVariable: 'OPENAI_API_KEY', host: 'https://api.openai.com' },
  { provider: 'gemini', keyVariable: 'GEMINI_API_KEY', host: 'https://generativelanguage.googleapis.com' },
];

async function reachable(url: string): Promise<boolean> {
  try {
    await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(3_000) });
    return true;
  } catch {
    return false;
  }
}

/** Why this target cannot run here, or undefined when it can. */
async function skipReason(target: LiveTarget): Promise<string | undefined> {
  if (!process.env[target.keyVariable]) return `no ${target.keyVariable} in the environment`;
  if (!(await reachable(target.host))) return `${target.host} is unreachable from this machine (offline?)`;
  return undefined;
}

const reasons = new Map<ProviderId, string | undefined>();
for (const target of TARGETS) {
  const reason = await skipReason(target);
  reasons.set(target.provider, reason);
  if (reason) console.info(`skipped: live ${target.provider} test: ${reason}`);
}

describe('live providers', () => {
  for (const target of TARGETS) {
    const reason = reasons.get(target.provider);
    // Skipped only when there is no key or no network (the reason is printed above and in the name).
    it.skipIf(reason !== undefined)(`${target.provider}: a real streamed tool call${reason ? ` (skipped: ${reason})` : ''}`, async () => {
      const key = process.env[target.keyVariable] ?? '';
      const settings = { ...defaultSettings(target.provider), apiKey: key };
      const client = await createModelClient(settings);
      const events = await collect(
        client.stream(
          request({
            model: settings.model,
            maxTokens: 256,
            messages: [{ role: 'user', content: 'Call the Bash tool with the command `ls`. Do not answer in text.' }],
          }),
          AbortSignal.timeout(60_000),
        ),
      );
      const message = assemble(events);
      expect(message.error).toBeUndefined();
      expect(message.stop).toBe('tool_use');
      expect(message.content.some((block) => block.type === 'tool_use' && block.name === 'Bash')).toBe(true);
      expect(message.usage?.inputTokens).toBeGreaterThan(0);
      // The key never comes back in anything the client emits.
      expect(JSON.stringify(events)).not.toContain(key);
    });
  }
});
