import type { Message, ToolResultBlock } from './messages';
import { ScriptedModelClient, type ScriptContext, type ScriptedTurn, type ScriptStep } from './scripted';

/**
 * The built-in demo: a scripted model that does real work in the sandbox with the real
 * tools — writes a small library with a deliberate bug, writes tests, runs them, reads
 * the failure, fixes the bug with a targeted Edit and re-runs the tests. The steps after
 * the first test run are functions of the actual tool output, so the demo tells the
 * truth about the sandbox it runs in (e.g. when `node` is not available offline).
 */
export const DEMO_PROMPT = 'Build a tiny slugify library with tests, then fix the bug the tests find.';

/** The library as first written. The bug: the trim regex lacks the `g` flag, so only leading dashes go. */
export const BUGGY_SLUGIFY = `// slugify.js — turn any title into a URL-friendly slug.
function slugify(input) {
  return String(input)
    .normalize('NFKD')
    .replace(/[\\u0300-\\u036f]/g, '') // drop accents: é → e
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-') // runs of anything else become one dash
    .replace(/^-+|-+$/, ''); // trim dashes at both ends
}

module.exports = { slugify };
`;

const BUGGY_LINE = ".replace(/^-+|-+$/, ''); // trim dashes at both ends";
const FIXED_LINE = ".replace(/^-+|-+$/g, ''); // trim dashes at both ends";

export const SLUGIFY_TESTS = `// test.js — run with: node test.js
const assert = require('assert');
const { slugify } = require('./slugify.js');

const cases = [
  ['Hello World', 'hello-world'],
  ['  Hello, World!  ', 'hello-world'],
  ['Crème brûlée', 'creme-brulee'],
  ['already-a-slug', 'already-a-slug'],
  ['Multiple   spaces & symbols!!', 'multiple-spaces-symbols'],
  ['--Trim me--', 'trim-me'],
];

let failed = 0;
for (const [input, expected] of cases) {
  const actual = slugify(input);
  try {
    assert.strictEqual(actual, expected);
    console.log('ok   - ' + JSON.stringify(input) + ' -> ' + JSON.stringify(actual));
  } catch (error) {
    failed++;
    console.log('FAIL - ' + JSON.stringify(input) + ': expected ' + JSON.stringify(expected) + ', got ' + JSON.stringify(actual));
  }
}
console.log((cases.length - failed) + '/' + cases.length + ' tests passed');
if (failed > 0) process.exitCode = 1;
`;

const RUN_TESTS = 'node test.js';

/** What a test run's output says. */
type TestRun =
  | { kind: 'failing'; failures: string[] }
  | { kind: 'passing'; summary: string }
  | { kind: 'no_node'; detail: string }
  | { kind: 'unclear'; detail: string };

function resultText(result: ToolResultBlock | undefined): string {
  if (!result) return '';
  if (typeof result.content === 'string') return result.content;
  return result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
}

function firstLine(text: string): string {
  const line = text.split('\n').find((candidate) => candidate.trim() !== '') ?? '';
  return line.trim().slice(0, 160);
}

export function classifyTestRun(output: string): TestRun {
  const failures = output.split('\n').filter((line) => line.startsWith('FAIL - ')).map((line) => line.trim());
  if (failures.length > 0) return { kind: 'failing', failures };
  const summary = /(\d+)\/(\d+) tests passed/.exec(output);
  if (summary && summary[1] === summary[2]) return { kind: 'passing', summary: summary[0] };
  if (/command not found|node: not found|no such command|unknown command|not available|exit code:? 127/i.test(output)) {
    return { kind: 'no_node', detail: firstLine(output) };
  }
  return { kind: 'unclear', detail: firstLine(output) || '(no output)' };
}

/** The result of the first `node test.js` call in the transcript, classified. */
function firstTestRun(messages: readonly Message[]): TestRun | null {
  let callId: string | undefined;
  for (const message of messages) {
    if (typeof message.content === 'string') continue;
    for (const block of message.content) {
      if (callId === undefined && block.type === 'tool_use' && block.name === 'Bash' && block.input.command === RUN_TESTS) callId = block.id;
      if (callId !== undefined && block.type === 'tool_result' && block.tool_use_id === callId) return classifyTestRun(resultText(block));
    }
  }
  return null;
}

/** A denied or refused call ends the demo politely instead of playing steps that no longer make sense. */
function guarded(step: ScriptStep): ScriptStep {
  return (context: ScriptContext): ScriptedTurn => {
    const refused = context.lastToolResults.find((result) => {
      const text = resultText(result);
      return result.is_error === true && (text.startsWith('The user denied this') || text.startsWith('Plan mode is read-only'));
    });
    if (refused) {
      return {
        text: `Understood — that step was not allowed (${firstLine(resultText(refused))}), so I'll stop the demo here. Nothing else was changed.`,
      };
    }
    return typeof step === 'function' ? step(context) : step;
  };
}

const writeLibrary: ScriptedTurn = {
  thinking:
    'A slugify library plus tests. Plan: write slugify.js, write assert-based tests, run them, then fix whatever they catch.',
  text: "I'll start with the library: `slugify.js` lowercases the text, strips accents, turns every run of other characters into one dash and trims dashes at both ends.",
  toolCalls: [{ name: 'Write', input: { file_path: 'slugify.js', content: BUGGY_SLUGIFY } }],
};

const writeTests: ScriptedTurn = {
  text: 'Now the tests: plain `assert`, runnable with `node test.js`, one line of output per case.',
  toolCalls: [{ name: 'Write', input: { file_path: 'test.js', content: SLUGIFY_TESTS } }],
};

const listFiles: ScriptedTurn = {
  text: 'Quick check that both files are in place:',
  toolCalls: [{ name: 'Bash', input: { command: 'ls -la && wc -l *.js', description: 'List the workspace and count lines' } }],
};

const runTests: ScriptedTurn = {
  text: 'Now let me run the tests.',
  toolCalls: [{ name: 'Bash', input: { command: RUN_TESTS, description: 'Run the slugify tests' } }],
};

const readSlugify = { name: 'Read', input: { file_path: 'slugify.js' } };
const grepReplace = { name: 'Bash', input: { command: 'grep -n "replace" slugify.js', description: 'Show the replace steps' } };

function investigate(context: ScriptContext): ScriptedTurn {
  const run = classifyTestRun(resultText(context.lastToolResults[0]));
  switch (run.kind) {
    case 'failing':
      return {
        text:
          `The tests caught a bug — ${run.failures.length} case${run.failures.length === 1 ? '' : 's'} failed:\n\n` +
          run.failures.map((line) => `    ${line}`).join('\n') +
          '\n\nThe failing slugs keep a dash at the end, so the step that trims dashes looks wrong. Let me read it.',
        toolCalls: [readSlugify],
      };
    case 'no_node':
      return {
        text: `I can't run the tests here: \`node\` isn't available in this sandbox (${run.detail.replace(/\.$/, '')}). I'll check the code by reading it instead.`,
        toolCalls: [grepReplace, readSlugify],
      };
    case 'unclear':
      return {
        text: `The test run didn't produce the output I expected (${run.detail}), so I'll check the code directly.`,
        toolCalls: [grepReplace, readSlugify],
      };
    case 'passing':
      return {
        text: `Surprisingly, the tests passed (${run.summary}). I still want to double-check the trimming step, which looked suspicious as I wrote it.`,
        toolCalls: [readSlugify],
      };
  }
}

const fixBug: ScriptedTurn = {
  text:
    "Found it: the trim step `.replace(/^-+|-+$/, '')` has no `g` flag, so it replaces only the first match — the leading dashes — " +
    'and a trailing dash survives. Adding the flag fixes it:',
  toolCalls: [{ name: 'Edit', input: { file_path: 'slugify.js', old_string: BUGGY_LINE, new_string: FIXED_LINE } }],
};

function verify(context: ScriptContext): ScriptedTurn {
  const run = firstTestRun(context.messages);
  if (run?.kind === 'no_node' || run?.kind === 'unclear') {
    return {
      text: "Since I can't run `node` here, I'll confirm the fix with grep:",
      toolCalls: [{ name: 'Bash', input: { command: 'grep -n "trim dashes" slugify.js', description: 'Show the fixed line' } }],
    };
  }
  return {
    text: 'Re-running the tests:',
    toolCalls: [{ name: 'Bash', input: { command: RUN_TESTS, description: 'Run the slugify tests again' } }],
  };
}

function summarize(context: ScriptContext): ScriptedTurn {
  const output = resultText(context.lastToolResults[0]);
  const files = [
    '- `slugify.js` — `slugify(text)`: lowercase, accents stripped, runs of other characters → one dash, no dashes at the ends.',
    '- `test.js` — 6 `assert` cases, run with `node test.js`.',
  ];
  const bug =
    "- **Bug the tests found:** the trim regex lacked the `g` flag, so trailing dashes survived (`'  Hello, World!  '` → `'hello-world-'`).";
  const fix = '- **Fix:** a one-character Edit, `/^-+|-+$/` → `/^-+|-+$/g`.';
  const firstRun = firstTestRun(context.messages);
  if (firstRun?.kind === 'no_node' || firstRun?.kind === 'unclear') {
    const fixedLine = firstLine(output);
    return {
      text: [
        '## Summary',
        '',
        ...files,
        "- **Bug:** the trim regex lacked the `g` flag, so trailing dashes would survive (`'hello-world-'`).",
        fix,
        '',
        `**Verified by inspection only:** \`node\` isn't available in this sandbox, so the tests were not run. grep shows the fixed line: \`${fixedLine}\`.`,
      ].join('\n'),
    };
  }
  const rerun = classifyTestRun(output);
  if (rerun.kind === 'passing') {
    return { text: ['## Summary', '', ...files, bug, fix, '', `All tests pass now (${rerun.summary}).`].join('\n') };
  }
  const detail = rerun.kind === 'failing' ? rerun.failures.join('; ') : rerun.detail;
  return {
    text: ['## Summary', '', ...files, bug, fix, '', `**The tests still do not pass after the fix:** ${detail}. I stopped here rather than guess further.`].join('\n'),
  };
}

export const DEMO_SCRIPT: readonly ScriptStep[] = [
  writeLibrary,
  writeTests,
  listFiles,
  runTests,
  investigate,
  fixBug,
  verify,
  summarize,
].map((step, index) => (index === 0 ? step : guarded(step)));

/** The demo model, streaming at a readable pace by default. */
export function createDemoModel(options: { chunkDelayMs?: number } = {}): ScriptedModelClient {
  return new ScriptedModelClient({ script: DEMO_SCRIPT, chunkDelayMs: options.chunkDelayMs ?? 25 });
}
