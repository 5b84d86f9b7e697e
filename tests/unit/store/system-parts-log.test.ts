import { describe, expect, it } from 'vitest';
import type { LoggedEvent } from '../../../src/agent/event-log';
import type { SystemPart } from '../../../src/agent/system-prompt';
import { joinSystemParts } from '../../../src/agent/system-prompt';
import { LogPacker, LogReader } from '../../../src/store/event-log-codec';
import { foldEvents } from '../../../src/app/state/fold';

const parts: SystemPart[] = [
  { label: 'Glassbox', source: 'built-in', text: 'You are Glassbox.' },
  { label: 'Project instructions', source: 'AGENTS.md', text: '# Project instructions\nUse tabs.' },
  { label: 'Memory', source: 'long-term memory (1 entry)', text: '# Memory\n- deploy — how to deploy (project)' },
];

function request(turn: number): LoggedEvent {
  return {
    at: turn,
    event: {
      type: 'model_request',
      turn,
      request: { model: 'm', system: joinSystemParts(parts), messages: [{ role: 'user', content: 'hi' }], tools: [], maxTokens: 100 },
      systemParts: parts,
    },
  };
}

describe('system prompt parts in the stored log', () => {
  it('survive a save and a reload, each text stored once, and fold into the inspector entry', () => {
    const log = [request(1), request(2)];
    const chunk = JSON.parse(JSON.stringify(new LogPacker().pack(log)));
    // The full prompt and each part's text: four distinct texts, however many requests.
    expect(chunk.systems).toHaveLength(4);
    const reader = new LogReader();
    reader.read(chunk);
    const read = reader.finish().log;
    expect(read.map((entry) => entry.event)).toEqual(log.map((entry) => entry.event));
    const view = foldEvents(read.map((entry) => entry.event));
    expect(view.requests[1]?.systemParts?.map((part) => part.label)).toEqual(['Glassbox', 'Project instructions', 'Memory']);
  });

  it('leaves the parts out (never the request) when a part text cannot be read', () => {
    const chunk = JSON.parse(JSON.stringify(new LogPacker().pack([request(1)])));
    chunk.systems[3] = 42; // the memory part's text, unreadable
    const reader = new LogReader();
    reader.read(chunk);
    const [entry] = reader.finish().log;
    expect(entry?.event.type).toBe('model_request');
    expect(entry?.event).not.toHaveProperty('systemParts');
  });
});
