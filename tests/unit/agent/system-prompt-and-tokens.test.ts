import { describe, expect, it } from 'vitest';
import { buildSystemPrompt } from '../../../src/agent/system-prompt';
import { describeOfflineSandbox } from '../../../src/sandbox/offline-description';
import { describeWebContainer } from '../../../src/sandbox/webcontainer/description';
import { estimateContextTokens, estimateTextTokens } from '../../../src/agent/tokens';

const date = new Date('2025-03-04T10:00:00Z');

describe('buildSystemPrompt', () => {
  it('describes the offline sandbox honestly, the tools and the date', () => {
    const prompt = buildSystemPrompt({
      sandbox: { root: '/workspace', describe: () => describeOfflineSandbox({ node: false, npm: false, preview: false, watch: true }) },
      toolNames: ['Read', 'Edit', 'Bash'],
      date,
    });
    expect(prompt).toContain('You are Glassbox');
    expect(prompt).toContain('/workspace');
    expect(prompt).toContain('There is no `node`');
    expect(prompt).toContain('Tools available: Read, Edit, Bash.');
    expect(prompt).toContain('Read a file before you edit it');
    expect(prompt).toContain('Prefer Edit');
    expect(prompt).toContain('Keep answers short');
    expect(prompt).toContain('2025-03-04');
  });

  it('mentions a JS runner offline when there is one, and node/npm without git in a WebContainer', () => {
    const offlineNode = buildSystemPrompt({
      sandbox: { root: '/w', describe: () => describeOfflineSandbox({ node: true, npm: false, preview: false, watch: true }) },
      toolNames: [],
      date,
    });
    expect(offlineNode).toContain('`node file.js` and `node -e` run JavaScript');
    const web = buildSystemPrompt({
      sandbox: { root: '/home/project', describe: () => describeWebContainer({ node: true, npm: true, preview: true, watch: true }) },
      toolNames: ['Bash'],
      date,
      extraSections: ['# Memory\nUse tabs.'],
    });
    expect(web).toContain('WebContainer');
    expect(web).toContain('no `git` command-line tool');
    expect(web.endsWith('# Memory\nUse tabs.')).toBe(true);
  });
});

describe('token estimates', () => {
  it('are about four characters per token', () => {
    expect(estimateTextTokens('')).toBe(0);
    expect(estimateTextTokens('abcd')).toBe(1);
    expect(estimateTextTokens('abcde')).toBe(2);
  });

  it('break the context down per part', () => {
    const breakdown = estimateContextTokens({
      system: 'x'.repeat(400),
      tools: [{ name: 'Read', description: 'Reads.', input_schema: { type: 'object' } }],
      messages: [
        { role: 'user', content: 'y'.repeat(40) },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'Read', input: { file_path: 'a' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'z'.repeat(80) }] },
      ],
    });
    expect(breakdown.system).toBe(100);
    expect(breakdown.tools).toBeGreaterThan(0);
    expect(breakdown.messages).toHaveLength(3);
    expect(breakdown.messages[0]).toBe(14); // 10 + message overhead
    expect(breakdown.messages[2]).toBeGreaterThan(20);
    expect(breakdown.total).toBe(breakdown.system + breakdown.tools + breakdown.messages.reduce((a, b) => a + b, 0));
  });
});
