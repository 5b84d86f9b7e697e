import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../src/agent/events';
import { foldEvents } from '../../../src/app/state/fold';
import { storedEventSchema } from '../../../src/store/event-schema';

const start: AgentEvent = { type: 'run_start', runId: 'r1', prompt: 'Count', at: 1 };

describe('workspace tools in the chat', () => {
  it('says which workspace tools are offered, and names each file that could not be used', () => {
    const event: AgentEvent = {
      type: 'workspace_tools',
      tools: [{ name: 'word_count', file: '.glassbox/tools/word_count.json' }],
      problems: [{ file: '.glassbox/tools/broken.json', problem: 'is not valid JSON (Unexpected end of JSON input)' }],
    };
    const notices = foldEvents([start, event]).items.filter((item) => item.kind === 'notice');
    expect(notices.map((item) => [item.level, item.text])).toEqual([
      ['info', 'Workspace tools offered to the model: word_count (.glassbox/tools/word_count.json).'],
      ['warning', 'Workspace tool not offered: .glassbox/tools/broken.json is not valid JSON (Unexpected end of JSON input).'],
    ]);
    // Stored and read back like any event, so a reload shows the same lines.
    expect(storedEventSchema.safeParse(event).success).toBe(true);
  });

  it('says when the last workspace tool is gone', () => {
    const notices = foldEvents([start, { type: 'workspace_tools', tools: [], problems: [] }]).items.filter((item) => item.kind === 'notice');
    expect(notices.map((item) => item.text)).toEqual(['The workspace defines no tools any more.']);
  });
});
