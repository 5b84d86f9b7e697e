import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../src/agent/events';
import { Session } from '../../../src/agent/session';
import { evaluateCheck } from '../../../src/lessons/lesson-check';
import { lessonIndexSchema, lessonManifestSchema, lessonRunSchema, type LessonCheckContext } from '../../../src/lessons/lesson-format';
import { ScriptedModelClient } from '../../../src/models/scripted';
import { createNodeCommand } from '../../../src/sandbox/js-runner';
import { createOfflineSandbox } from '../../../src/sandbox/offline';
import { createDefaultTools } from '../../../src/tools/registry';
import { WorkspaceToolCatalogue } from '../../../src/tools/workspace-tools/catalogue';
import { eventsOf, resultTextOf } from '../agent/fakes';

const LESSONS = join(__dirname, '../../../lessons');
const FOLDER = '08-build-your-own-tool';
const lesson = join(LESSONS, FOLDER);

/** Every file under a folder (dotfiles too), path relative to it → text. */
function filesUnder(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[relative(folder, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(folder);
  return files;
}

const LINE_COUNT_SOLUTION = JSON.stringify({
  description: 'Counts the lines of a text file in the workspace (and how many are blank).',
  input_schema: { type: 'object', properties: { path: { type: 'string', description: 'The file, relative to the workspace root.' } }, required: ['path'] },
  command: 'node .glassbox/tools/line-count.js',
});

describe('lesson 08: build your own tool', () => {
  const manifest = lessonManifestSchema.parse(JSON.parse(readFileSync(join(lesson, 'lesson.json'), 'utf8')));
  const run = lessonRunSchema.parse(JSON.parse(readFileSync(join(lesson, 'run.json'), 'utf8')));

  it('is listed in the lessons index and has its text', () => {
    expect(lessonIndexSchema.parse(JSON.parse(readFileSync(join(LESSONS, 'index.json'), 'utf8'))).lessons).toContain(FOLDER);
    expect(readFileSync(join(lesson, 'content.md'), 'utf8')).toMatch(/^# Build your own tool/);
  });

  it('plays its run to the end offline: the model calls the workspace tool, the sandbox runs it, the answer matches what it printed; then the exercise is checked', async () => {
    const sandbox = await createOfflineSandbox({ commands: [createNodeCommand({ timeoutMs: 20_000 })] });
    for (const [path, text] of Object.entries(filesUnder(join(lesson, 'files')))) await sandbox.fs.write(`${sandbox.root}/${path}`, text);
    const session = new Session({
      sandbox,
      model: new ScriptedModelClient({ script: run.turns, chunkDelayMs: 0 }),
      tools: createDefaultTools(),
      workspaceTools: new WorkspaceToolCatalogue(),
    });
    const events: AgentEvent[] = [];
    session.subscribe((event) => {
      events.push(event);
      // The learner clicks Allow on the prompt.
      if (event.type === 'permission_request') session.decidePermission(event.callId, { kind: 'allow_once' });
    });

    expect(await session.send(manifest.prompt)).toBe('completed');
    expect(eventsOf(events, 'workspace_tools')[0]?.tools).toEqual([{ name: 'word_count', file: '.glassbox/tools/word_count.json' }]);
    expect(eventsOf(events, 'permission_request')[0]?.descriptor.title).toBe('Run the workspace tool word_count (notes.md)');
    const result = eventsOf(events, 'tool_result')[0]?.result;
    expect(result?.is_error).toBeUndefined();
    const printed = resultTextOf(result!.content);
    expect(printed).toBe('notes.md: 12 lines, 91 words, 471 characters');
    const answer = eventsOf(events, 'assistant_message').at(-1)?.message.content[0];
    expect(answer?.type === 'text' ? answer.text : '').toContain('**91 words** (12 lines, 471 characters)');

    const checkContext: LessonCheckContext = {
      readFile: async (path) => sandbox.fs.readText(`${sandbox.root}/${path}`).catch(() => undefined),
      decide: async () => 'ask',
      events: () => session.log.map((entry) => entry.event),
      memories: async () => [],
    };
    expect(await evaluateCheck(manifest.check, checkContext)).toEqual({ passed: false, detail: '.glassbox/tools/line_count.json describes the tool\'s input: .glassbox/tools/line_count.json does not exist yet' });

    // The exercise: describe line-count.js, then send any message.
    await sandbox.fs.write(`${sandbox.root}/.glassbox/tools/line_count.json`, LINE_COUNT_SOLUTION);
    await session.send('Is line_count there?');
    expect(await evaluateCheck(manifest.check, checkContext)).toEqual({ passed: true, detail: 'every part holds' });
    const lineCount = session.tools.find((tool) => tool.name === 'line_count');
    const counted = await lineCount!.run({ path: 'notes.md' }, { sandbox, signal: new AbortController().signal, readLedger: new Map() });
    expect(counted).toEqual({ content: 'notes.md: 12 lines (4 blank)' });
  }, 60_000);
});
