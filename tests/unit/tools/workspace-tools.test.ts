import { describe, expect, it } from 'vitest';
import { createOfflineSandbox } from '../../../src/sandbox/offline';
import { createNodeCommand } from '../../../src/sandbox/js-runner';
import type { Sandbox } from '../../../src/sandbox/port';
import { toolDefinitions } from '../../../src/tools/registry';
import { parseWorkspaceToolFile, type WorkspaceToolDefinition } from '../../../src/tools/workspace-tools/definition';
import { loadWorkspaceTools, WORKSPACE_TOOLS_FOLDER } from '../../../src/tools/workspace-tools/catalogue';
import { createWorkspaceTool, summarizeInput } from '../../../src/tools/workspace-tools/workspace-tool';
import { contextFor, sandboxWith, textOf } from './context';

const FILE = '.glassbox/tools/word_count.json';

const WORD_COUNT = {
  description: 'Counts the words of a text file in the workspace.',
  input_schema: {
    type: 'object',
    properties: { path: { type: 'string', description: 'The file, relative to the workspace root.' } },
    required: ['path'],
  },
  command: 'jq -r .path | xargs wc -w',
};

function parse(value: unknown, file = FILE) {
  return parseWorkspaceToolFile(typeof value === 'string' ? value : JSON.stringify(value), file);
}

function definitionOf(value: unknown, file = FILE): WorkspaceToolDefinition {
  const parsed = parse(value, file);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.definition;
}

function problemOf(value: unknown, file = FILE): string {
  const parsed = parse(value, file);
  if (parsed.ok) throw new Error('expected a problem');
  return parsed.problem;
}

describe('a workspace tool definition', () => {
  it('takes its name from the file, and sends the author\'s schema to the model word for word', () => {
    const definition = definitionOf(WORD_COUNT);
    expect(definition).toMatchObject({ name: 'word_count', command: WORD_COUNT.command, timeoutSeconds: 60, file: FILE });
    const [described] = toolDefinitions([createWorkspaceTool(definition)]);
    expect(described).toEqual({ name: 'word_count', description: WORD_COUNT.description, input_schema: WORD_COUNT.input_schema });
  });

  it('lets "name" and "timeout" be set, and defaults to a tool that takes no input', () => {
    const definition = definitionOf({ name: 'today', description: 'Says the date.', command: 'date', timeout: 5 }, '.glassbox/tools/date.json');
    expect(definition).toMatchObject({ name: 'today', timeoutSeconds: 5, inputJsonSchema: { type: 'object', properties: {} } });
  });

  it.each([
    ['{ "description": "x", ', /^is not valid JSON \(/],
    [[1, 2], /^must hold one JSON object/],
    [{ input_schema: WORD_COUNT.input_schema, command: 'true' }, /^needs a "description": what the tool does and when to use it/],
    [{ description: 'x' }, /^needs a "command": the shell command that runs the tool/],
    [{ description: 'x', command: '   ' }, /^"command" must be a non-empty string/],
    [{ ...WORD_COUNT, inputSchema: {} }, /has "inputSchema" where this format says "input_schema"/],
    [{ ...WORD_COUNT, colour: 'red' }, /has an unknown field "colour"/],
    [{ description: 'x', cmd: 'true' }, /^has "cmd" where this format says "command"$/],
    [{ ...WORD_COUNT, name: 'word count' }, /^"name" must be letters, digits, "_" or "-", starting with a letter, at most 64 characters \(got "word count"\)/],
    [{ ...WORD_COUNT, timeout: 0 }, /^"timeout" is in seconds: a whole number from 1 to 600/],
    [{ ...WORD_COUNT, input_schema: { type: 'string' } }, /"type" is not "object"/],
    [{ ...WORD_COUNT, input_schema: { type: 'object', properties: { a: { type: 'strin' } } } }, /not a JSON Schema Glassbox can check \(Unsupported type: strin\)/],
  ])('says plainly what is wrong with %j', (value, expected) => {
    expect(problemOf(value)).toMatch(expected);
  });

  it('needs a "name" when the file name cannot be one', () => {
    expect(problemOf({ description: 'x', command: 'true' }, '.glassbox/tools/2 words.json')).toMatch(/needs a "name" \(its file name "2 words" is not a tool name/);
  });

  it('checks each call\'s input against the schema before anything runs', () => {
    const { inputSchema } = definitionOf(WORD_COUNT);
    expect(inputSchema.safeParse({ path: 'notes.txt' }).success).toBe(true);
    expect(inputSchema.safeParse({ path: 3 }).success).toBe(false);
    expect(inputSchema.safeParse({}).success).toBe(false);
  });
});

describe('the workspace tools folder', () => {
  it('offers each usable file and lists the others with their problem, never stopping at one', async () => {
    const sandbox = await sandboxWith({
      [`${WORKSPACE_TOOLS_FOLDER}/word_count.json`]: JSON.stringify(WORD_COUNT),
      [`${WORKSPACE_TOOLS_FOLDER}/word-count.js`]: 'console.log(1)',
      [`${WORKSPACE_TOOLS_FOLDER}/broken.json`]: '{ "description": ',
      [`${WORKSPACE_TOOLS_FOLDER}/bash.json`]: JSON.stringify({ name: 'Bash', description: 'Mine.', command: 'true' }),
      [`${WORKSPACE_TOOLS_FOLDER}/wc2.json`]: JSON.stringify({ ...WORD_COUNT, name: 'word_count' }),
    });
    const { definitions, problems } = await loadWorkspaceTools(sandbox, new Set(['Bash', 'Read']));
    expect(definitions.map((definition) => definition.name)).toEqual(['word_count']);
    expect(problems).toEqual([
      { file: '.glassbox/tools/bash.json', problem: 'is named "Bash", like a built-in tool: give it another "name"' },
      { file: '.glassbox/tools/broken.json', problem: expect.stringMatching(/^is not valid JSON/) as unknown as string },
      { file: '.glassbox/tools/wc2.json', problem: 'defines "word_count", which .glassbox/tools/word_count.json already defines: give it another "name"' },
    ]);
  });

  it('is no problem when it does not exist', async () => {
    expect(await loadWorkspaceTools(await sandboxWith({ 'a.txt': 'x' }), new Set())).toEqual({ definitions: [], problems: [] });
  });
});

describe('running a workspace tool', () => {
  async function run(sandbox: Sandbox, definition: unknown, input: Record<string, unknown>) {
    const tool = createWorkspaceTool(definitionOf(definition));
    return tool.run(input, contextFor(sandbox));
  }

  it('runs its command from the workspace root with the input as JSON on stdin and in GLASSBOX_TOOL_INPUT', async () => {
    const sandbox = await sandboxWith({ 'notes.txt': 'one two three\nfour\n' });
    expect(textOf(await run(sandbox, WORD_COUNT, { path: 'notes.txt' }))).toBe('4 notes.txt');
    const echo = { description: 'Echoes.', input_schema: { type: 'object', properties: { text: { type: 'string' } } }, command: 'echo "env=$GLASSBOX_TOOL_INPUT tool=$GLASSBOX_TOOL_NAME"; pwd; cat' };
    const result = await run(sandbox, echo, { text: "it's $HOME" });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toBe(`env={"text":"it's $HOME"} tool=word_count\n/workspace\n{"text":"it's $HOME"}`);
  });

  it('makes a non-zero exit an error result carrying stderr and the exit code', async () => {
    const sandbox = await sandboxWith({});
    const result = await run(sandbox, { description: 'Fails.', command: 'echo partial; echo "no such file" >&2; exit 3' }, {});
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('no such file\nword_count failed: `echo partial; echo "no such file" >&2; exit 3` exited with code 3.');
  });

  it('runs a JavaScript tool with the offline sandbox\'s node', async () => {
    const sandbox = await createOfflineSandbox({ commands: [createNodeCommand({ timeoutMs: 20_000 })] });
    await sandbox.fs.write(`${sandbox.root}/notes.txt`, 'a b\nc\n');
    await sandbox.fs.write(
      `${sandbox.root}/.glassbox/tools/count.js`,
      "const fs = require('fs');\nconst input = JSON.parse(process.env.GLASSBOX_TOOL_INPUT);\nconst piped = JSON.parse(fs.readFileSync(0, 'utf8'));\n" +
        "if (piped.path !== input.path) throw new Error('stdin and env differ');\nconst text = fs.readFileSync(input.path, 'utf8');\n" +
        "if (input.path === 'missing.txt') { console.error('no file'); process.exit(2); }\nconsole.log(text.split(/\\s+/).filter(Boolean).length + ' words');\n",
    );
    const definition = { ...WORD_COUNT, command: 'node .glassbox/tools/count.js' };
    expect(textOf(await run(sandbox, definition, { path: 'notes.txt' }))).toBe('3 words');
    const failed = await run(sandbox, { ...definition }, { path: 'missing.txt' });
    expect(failed.isError).toBe(true);
  }, 30_000);

  it('asks permission as its own name, with the command and the input in the prompt', () => {
    const tool = createWorkspaceTool(definitionOf(WORD_COUNT));
    expect(tool.category).toBe('runs-commands');
    expect(tool.readOnly).toBe(false);
    const descriptor = tool.permission({ path: 'notes.txt' }, { root: '/workspace' });
    expect(descriptor.ruleKey).toBe('word_count');
    expect(descriptor.title).toBe('Run the workspace tool word_count (notes.txt)');
    expect(descriptor.detail).toContain('Runs `jq -r .path | xargs wc -w` in the sandbox, as defined in .glassbox/tools/word_count.json');
  });

  it('summarizes a call by its input', () => {
    expect(summarizeInput({ path: 'notes.txt' })).toBe('notes.txt');
    expect(summarizeInput({ path: 'a.txt', unique: true })).toBe('path: a.txt, unique: true');
    expect(summarizeInput({})).toBe('(no input)');
  });
});
