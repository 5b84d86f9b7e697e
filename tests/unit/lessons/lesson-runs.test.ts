/**
 * Every lesson in lessons/ plays to the end in the real harness, shows the mechanism it teaches,
 * and has an exercise whose check fails on the starting files and passes once it is done. This is
 * what tells a teacher that a lesson is not broken. Folders are read from disk: a new lesson is
 * played as soon as its folder exists (its solution goes in SOLUTIONS below).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AgentEvent, ToolCallInfo } from '../../../src/agent/events';
import { loadWorkspaceAgentTypes } from '../../../src/agent/subagent-types';
import { lessonIndexSchema } from '../../../src/lessons/lesson-format';
import { evaluateCheck } from '../../../src/lessons/lesson-check';
import { messageText } from '../../../src/models/messages';
import { SCRIPT_EXHAUSTED_TEXT } from '../../../src/models/scripted';
import { filesProblems } from '../../../src/share/shared-playground';
import { resultTextOf } from '../agent/fakes';
import { checkContext, LESSONS_DIR, lessonFolders, playLesson, readLesson, readWorkspaceFile, writeWorkspaceFile, type PlayedLesson } from './lesson-play';

function ofType<T extends AgentEvent['type']>(events: readonly AgentEvent[], type: T): Extract<AgentEvent, { type: T }>[] {
  return events.filter((event): event is Extract<AgentEvent, { type: T }> => event.type === type);
}

/** Each tool call of the run (main agent and sub-agents) with its result. */
function callsWithResults(played: PlayedLesson): Array<{ call: ToolCallInfo; result: string; isError: boolean }> {
  const results = new Map(ofType(played.events, 'tool_result').map((event) => [event.callId, event.result]));
  return ofType(played.events, 'tool_call').map(({ call }) => {
    const result = results.get(call.id);
    return { call, result: result === undefined ? '(no result)' : resultTextOf(result.content), isError: result?.is_error === true };
  });
}

interface LessonSpec {
  /** Calls that fail on purpose (the lesson shows the failure), or that fail offline only. */
  failsOnPurpose?: (call: ToolCallInfo) => boolean;
  /** The mechanism the lesson is about really happened. */
  shows: (played: PlayedLesson) => Promise<void> | void;
  /** What a learner does for the exercise. */
  solve: (played: PlayedLesson) => Promise<void>;
  /** What else holds once the exercise is done. */
  afterSolve?: (played: PlayedLesson) => Promise<void>;
}

const command = (call: ToolCallInfo): string => (typeof call.input['command'] === 'string' ? call.input['command'] : '');

const SOLUTIONS: Record<string, LessonSpec> = {
  '01-the-loop': {
    shows: (played) => {
      expect(ofType(played.events, 'model_request').length).toBe(3);
    },
    solve: async ({ sandbox }) => {
      const todo = (await readWorkspaceFile(sandbox, 'todo.md')) ?? '';
      await writeWorkspaceFile(sandbox, 'todo.md', todo.replace('- [ ] Water the plants', '- [x] Water the plants'));
    },
  },
  '02-tools': {
    // The lesson's second call breaks Read's schema on purpose.
    failsOnPurpose: (call) => call.name === 'Read' && call.input['file_path'] === undefined,
    shows: (played) => {
      expect(callsWithResults(played).filter((entry) => entry.isError).map((entry) => entry.result)).toEqual([expect.stringContaining('file_path')]);
    },
    solve: async ({ sandbox }) => writeWorkspaceFile(sandbox, 'answer.txt', 'file_path\n'),
  },
  '03-permissions-and-modes': {
    // A deny rule refuses the chained line; offline there is no npm (WebContainer runs it).
    failsOnPurpose: (call) => command(call).startsWith('rm ') || command(call) === 'npm test',
    shows: (played) => {
      const decisions = ofType(played.events, 'permission_decision');
      const byCommand = (text: string) => {
        const call = ofType(played.events, 'tool_call').find((event) => command(event.call) === text || event.call.input['file_path'] === text)?.call;
        return decisions.find((decision) => decision.callId === call?.id);
      };
      // Read-only: the mode lets it run; `ls` by the workspace's allow rule; the chained rm by its deny rule; the rest asked.
      expect(byCommand('package.json'), 'a read-only call is never in question').toBeUndefined();
      expect(byCommand('ls test')).toMatchObject({ automatic: true, rule: { rule: 'Bash(ls:*)', behavior: 'allow', source: 'workspace' } });
      expect(byCommand('rm -rf coverage && npm test')).toMatchObject({ automatic: true, rule: { rule: 'Bash(rm:*)', behavior: 'deny' } });
      const asked = ofType(played.events, 'permission_request').map((event) => event.descriptor.title);
      expect(asked).toEqual([expect.stringContaining('npm test'), expect.stringContaining('node test/slugify.test.js')]);
      expect(callsWithResults(played).at(-1)?.result).toContain('pass 3');
    },
    solve: async ({ sandbox }) => {
      const settings = JSON.parse((await readWorkspaceFile(sandbox, '.glassbox/settings.json')) ?? '{}') as { permissions: { allow: string[] } };
      settings.permissions.allow.push('Bash(npm test)');
      await writeWorkspaceFile(sandbox, '.glassbox/settings.json', JSON.stringify(settings, null, 2));
    },
    afterSolve: async (played) => {
      // The exercise's bonus question: the rule covers `npm test`, not a line that chains more to it.
      const { decide } = checkContext(played);
      expect(await decide('Bash', { command: 'npm test && rm -rf dist' })).toBe('deny');
      expect(await decide('Bash', { command: 'npm test && node build.js' })).toBe('ask');
    },
  },
  '04-context-and-compaction': {
    shows: (played) => {
      const requests = ofType(played.events, 'model_request');
      const cleared = requests.findIndex((event) => JSON.stringify(event.request.messages).includes('[Old tool result cleared to save context: Read(logs/api-eu.log) returned'));
      const summary = requests.findIndex((event) => event.request.purpose === 'summary');
      expect(cleared, 'micro-compaction cleared an old read').toBeGreaterThan(0);
      expect(summary, 'then the conversation was summarized').toBeGreaterThan(cleared);
      const compactions = ofType(played.events, 'compaction');
      expect(compactions).toEqual([expect.objectContaining({ trigger: 'auto' })]);
      expect(compactions[0]!.tokensAfter).toBeLessThan(compactions[0]!.tokensBefore);
      // The request after the compaction sends the summary instead of the conversation.
      expect(JSON.stringify(requests[summary + 1]!.request.messages[0])).toContain('<summary>');
      // The final answer's numbers are the ones the run's own grep found.
      expect(callsWithResults(played).at(-1)?.result).toMatch(/11 ERROR \[payments\]\n\s*10 ERROR \[db\]\n\s*4 ERROR \[auth\]/);
    },
    solve: async ({ session }) => {
      await session.compact('keep the error counts per component');
    },
  },
  '05-memory-and-instructions': {
    shows: async (played) => {
      // AGENTS.md and the file it imports are in the system prompt's own part.
      const first = ofType(played.events, 'model_request')[0]!;
      const instructions = first.systemParts?.find((part) => part.label === 'Project instructions');
      expect(instructions?.text).toContain('integer number of **cents**');
      expect(instructions?.text).toContain('formatCents(1999)');
      expect(first.systemParts?.some((part) => part.label === 'Memory')).toBe(true);
      // The subfolder's AGENTS.md came with the first read there.
      const legacyRead = callsWithResults(played).find(({ call }) => call.input['file_path'] === 'src/legacy/totals.js');
      expect(legacyRead?.result).toContain('This folder is frozen');
      expect(await readWorkspaceFile(played.sandbox, 'src/legacy/totals.js')).toBe(played.lesson.files['src/legacy/totals.js']);
      expect((await played.memory.list()).map((entry) => entry.name)).toEqual(['tests-with-node-test']);
      expect(callsWithResults(played).find(({ call }) => call.name === 'Bash')?.result).toContain('pass 2');
    },
    solve: async ({ sandbox }) => {
      const rules = (await readWorkspaceFile(sandbox, 'AGENTS.md')) ?? '';
      await writeWorkspaceFile(sandbox, 'AGENTS.md', `${rules}- After every change, run the tests: \`node test/cart.test.js\`.\n`);
    },
    afterSolve: async ({ session }) => {
      // The new rule is in the next run's system prompt (the script is over: the model says so, which is fine here).
      await session.send('Thanks.');
      const last = ofType(session.log.map(({ event }) => event), 'model_request').at(-1)!;
      expect(last.systemParts?.find((part) => part.label === 'Project instructions')?.text).toContain('node test/cart.test.js');
      expect(last.systemParts?.find((part) => part.label === 'Memory')?.text).toContain('tests-with-node-test');
    },
  },
  '06-sub-agents': {
    shows: (played) => {
      const wrapped = ofType(played.events, 'subagent_event');
      expect(new Set(wrapped.map((event) => event.agentId)).size, 'one sub-agent ran').toBe(1);
      const inner = wrapped.map((event) => event.event);
      // A fresh context: its first request holds only the task the parent wrote, under the Explore type's own prompt.
      const firstInner = ofType(inner, 'model_request')[0]!;
      const agentCall = ofType(played.events, 'tool_call').find((event) => event.call.name === 'Agent')!.call;
      expect(firstInner.request.messages).toEqual([{ role: 'user', content: agentCall.input['prompt'] }]);
      expect(firstInner.request.system).toContain('Explore sub-agent');
      expect(firstInner.request.tools.map((tool) => tool.name).sort()).toEqual(['Bash', 'Glob', 'Grep', 'Read']);
      expect(ofType(inner, 'tool_call').map((event) => event.call.name)).toEqual(['Grep', 'Read', 'Glob']);
      // Only the report comes back: the parent's transcript has the Agent call and its result, none of the sub-agent's calls.
      const parentCalls = played.session.messages.flatMap((message) => (message.role === 'assistant' ? message.content.filter((block) => block.type === 'tool_use').map((block) => block.name) : []));
      expect(parentCalls).toEqual(['Agent']);
      const report = callsWithResults(played).find(({ call }) => call.name === 'Agent')!;
      expect(report.result).toContain('cart-reminder`: **MISSING**');
    },
    solve: async ({ sandbox }) =>
      writeWorkspaceFile(
        sandbox,
        '.glassbox/agents/reviewer.md',
        '---\nname: reviewer\ndescription: Reviews a change for bugs and missing tests. Use it after editing code.\ntools: Read, Grep, Glob\n---\nYou review code changes. Read the changed files, look for bugs, unhandled errors and missing tests, and report each problem with its file and line.\n',
      ),
    afterSolve: async ({ sandbox }) => {
      const { types, problems } = await loadWorkspaceAgentTypes(sandbox);
      expect(problems).toEqual([]);
      expect(types).toEqual([expect.objectContaining({ name: 'reviewer', tools: ['Read', 'Grep', 'Glob'] })]);
    },
  },
  '07-hooks': {
    // The PreToolUse hook refuses edits of the built folder: the lesson shows that refusal.
    failsOnPurpose: (call) => call.name === 'Edit' && call.input['file_path'] === 'dist/greet.js',
    shows: async (played) => {
      const runs = ofType(played.events, 'hook_run').map(({ run }) => run);
      expect(runs.map((run) => [run.event, run.toolName, run.outcome])).toEqual([
        ['PreToolUse', 'Edit', 'success'],
        ['PostToolUse', 'Edit', 'blocked'],
        ['PreToolUse', 'Edit', 'blocked'],
        ['PreToolUse', 'Edit', 'success'],
        ['PostToolUse', 'Edit', 'success'],
      ]);
      // The linter's words reached the model with the edit's result; the refusal with the refused call's.
      const results = callsWithResults(played).filter(({ call }) => call.name === 'Edit');
      expect(results[0]!.result).toContain('PostToolUse hook feedback (the tool already ran)');
      expect(results[0]!.result).toContain('src/greet.js:3: use single quotes for strings: "Hello, "');
      expect(results[1]!.result).toContain('a PreToolUse hook blocked it:\ndist/ is built from src/');
      expect(await readWorkspaceFile(played.sandbox, 'dist/greet.js')).toContain("return 'Hello, ' + name + '!';");
    },
    solve: async ({ sandbox, session }) => {
      const settings = JSON.parse((await readWorkspaceFile(sandbox, '.glassbox/settings.json')) ?? '{}') as { hooks: Record<string, unknown> };
      settings.hooks['Stop'] = [{ hooks: [{ type: 'command', command: 'node test/greet.test.js' }] }];
      await writeWorkspaceFile(sandbox, '.glassbox/settings.json', JSON.stringify(settings, null, 2));
      // Any message: the scripted model has nothing more to say, the run ends, the Stop hook runs.
      expect(await session.send('Thanks!')).toBe('completed');
    },
    afterSolve: async ({ session }) => {
      const stop = ofType(session.log.map(({ event }) => event), 'hook_run').find(({ run }) => run.event === 'Stop');
      expect(stop?.run).toMatchObject({ exitCode: 0, stdout: expect.stringContaining('pass 1') });
    },
  },
  '08-build-your-own-tool': {
    shows: (played) => {
      // The workspace tool was offered, called, and its program's output came back as its result.
      expect(ofType(played.events, 'workspace_tools')[0]?.tools.map((tool) => tool.name)).toEqual(['word_count']);
      expect(callsWithResults(played).filter(({ call }) => call.name === 'word_count').map(({ result }) => result)).toEqual([expect.stringMatching(/\d+/)]);
    },
    solve: async ({ sandbox, session }) => {
      const definition = {
        description: 'Counts the lines of a text file in the workspace.',
        input_schema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
        command: 'node .glassbox/tools/line-count.js',
      };
      await writeWorkspaceFile(sandbox, '.glassbox/tools/line_count.json', JSON.stringify(definition, null, 2));
      // Any message: the next run reads the tools folder and offers line_count.
      expect(await session.send('Is line_count there?')).toBe('completed');
    },
  },
};

const folders = lessonFolders();

describe('lessons/', () => {
  it('index.json lists exactly the lesson folders present, each once', () => {
    const index = lessonIndexSchema.parse(JSON.parse(readFileSync(join(LESSONS_DIR, 'index.json'), 'utf8')));
    expect([...index.lessons].sort()).toEqual(folders);
    expect(new Set(index.lessons).size).toBe(index.lessons.length);
  });

  it('every lesson folder holds only lesson.json, content.md, run.json and files/', () => {
    for (const folder of folders) {
      expect(readdirSync(join(LESSONS_DIR, folder)).sort(), folder).toEqual(['content.md', 'files', 'lesson.json', 'run.json']);
      const lesson = readLesson(folder);
      expect(lesson.content.trim(), folder).not.toBe('');
      expect(Object.keys(lesson.files).length, folder).toBeGreaterThan(0);
      // A lesson travels as a .glassbox file: its files stay within the share format's limits.
      expect(filesProblems(lesson.files), folder).toEqual([]);
    }
  });
});

describe.each(folders)('lesson %s', (folder) => {
  it('plays its run to the end, shows its mechanism, and its exercise is checked', { timeout: 60_000 }, async () => {
    const lesson = readLesson(folder);
    const spec = SOLUTIONS[folder];
    const played = await playLesson(lesson);
    expect(played.reason, 'the run ends completed').toBe('completed');

    // The whole script played: no turn left over, none missing (the model never said "no more turns").
    expect(played.model.finished, 'every scripted turn played').toBe(true);
    const texts = ofType(played.events, 'assistant_message').map((event) => messageText(event.message));
    expect(texts.filter((text) => text.includes(SCRIPT_EXHAUSTED_TEXT)), 'the model never ran out of script').toEqual([]);

    const toolNames = new Set(played.session.tools.map((tool) => tool.name));
    for (const { call, result, isError } of callsWithResults(played)) {
      expect(toolNames.has(call.name), `${call.name} is a tool`).toBe(true);
      if (spec?.failsOnPurpose?.(call) === true) continue;
      expect(isError, `${call.name} ${JSON.stringify(call.input)} succeeded: ${result}`).toBe(false);
    }

    await spec?.shows(played);

    const context = checkContext(played);
    const before = await evaluateCheck(lesson.manifest.check, context);
    expect(before.passed, `the check fails on the starting files: ${before.detail}`).toBe(false);
    expect(spec, `lessons/${folder} needs a solution in tests/unit/lessons/lesson-runs.test.ts`).toBeDefined();
    await spec?.solve(played);
    const after = await evaluateCheck(lesson.manifest.check, context);
    expect(after.passed, `the check passes after the exercise: ${after.detail}`).toBe(true);
    await spec?.afterSolve?.(played);
  });
});
