import { messageText, type Message, type ToolResultBlock, type ToolUseBlock } from './messages';
import { ScriptedModelClient, type ScriptContext, type ScriptedTurn, type ScriptStep } from './scripted';

/**
 * The built-in demo: a scripted model that does real work in the sandbox with the real
 * tools — looks at the workspace, writes a small library with a deliberate bug, writes
 * tests, runs them, reads the failure, fixes the bug with a targeted Edit and re-runs
 * the tests. Only the words are scripted: every step after the first is a function of
 * the real tool results, so the demo tells the truth about the sandbox it runs in —
 * files left by an earlier run are read before being replaced, a missing `node` is
 * said plainly, and a denied or failed call ends the demo with an honest account of
 * what did and did not happen.
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

/** The first non-empty line, shortened at a word boundary (with an ellipsis) so a quote never ends mid-word. */
function firstLine(text: string, max = 160): string {
  const line = (text.split('\n').find((candidate) => candidate.trim() !== '') ?? '').trim();
  if (line.length <= max) return line;
  const cut = line.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

/** The first sentence of a message (a refusal's reason, without its advice to the model). */
function firstSentence(text: string): string {
  const line = firstLine(text, 400);
  const end = line.search(/\.(\s|$)/);
  return firstLine(end === -1 ? line : line.slice(0, end), 160);
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

/** The files the demo writes, at the workspace root. */
const DEMO_FILES = ['slugify.js', 'test.js'] as const;

/** One tool call of the current demo run and what came back. */
interface CallRecord {
  use: ToolUseBlock;
  text: string;
  failed: boolean;
}

type FailureKind = 'denied' | 'refused' | 'interrupted' | 'failed';

/** A prompt the user typed, not a message of tool results (which may carry reminder text too). */
function isTypedPrompt(message: Message): boolean {
  return message.role === 'user' && (typeof message.content === 'string' || !message.content.some((block) => block.type === 'tool_result'));
}

/** Where the current demo run starts: the last demo prompt, else the last typed prompt. */
function runStart(messages: readonly Message[]): number {
  let lastTyped = -1;
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index]!;
    if (!isTypedPrompt(message)) continue;
    if (messageText(message).trim() === DEMO_PROMPT) return index;
    if (lastTyped < 0) lastTyped = index;
  }
  return Math.max(0, lastTyped);
}

/** The tool calls of the current demo run, in order, each with its result. */
function callsOfRun(messages: readonly Message[]): CallRecord[] {
  const uses: ToolUseBlock[] = [];
  const results = new Map<string, ToolResultBlock>();
  for (const message of messages.slice(runStart(messages))) {
    if (typeof message.content === 'string') continue;
    for (const block of message.content) {
      if (block.type === 'tool_use') uses.push(block);
      else if (block.type === 'tool_result') results.set(block.tool_use_id, block);
    }
  }
  return uses.map((use) => {
    const result = results.get(use.id);
    return { use, text: resultText(result), failed: result?.is_error === true };
  });
}

function commandOf(call: CallRecord): string {
  return call.use.name === 'Bash' && typeof call.use.input.command === 'string' ? call.use.input.command : '';
}

function isCall(call: CallRecord, name: string, filePath: string): boolean {
  return call.use.name === name && call.use.input.file_path === filePath;
}

function failureKind(call: CallRecord): FailureKind | null {
  if (!call.failed) return null;
  if (call.text.startsWith('The user denied this')) return 'denied';
  if (call.text.startsWith('Plan mode is read-only')) return 'refused';
  if (/interrupted by the user|^Not run: the user stopped the run/i.test(firstLine(call.text))) return 'interrupted';
  return 'failed';
}

/** Failures the demo expects and explains itself: failing tests, a missing `node`, a grep that finds nothing. */
function isExpectedFailure(call: CallRecord): boolean {
  const command = commandOf(call);
  return failureKind(call) === 'failed' && (command === RUN_TESTS || command.startsWith('grep '));
}

/** The first call that should end the demo: denied, refused, interrupted, or failed unexpectedly. */
function blockingCall(calls: readonly CallRecord[]): { call: CallRecord; kind: FailureKind } | null {
  for (const call of calls) {
    const kind = failureKind(call);
    if (kind !== null && !isExpectedFailure(call)) return { call, kind };
  }
  return null;
}

/** A call as the user would name it: `Write slugify.js`, `node test.js`. */
function label(use: ToolUseBlock): string {
  if (use.name === 'Bash' && typeof use.input.command === 'string') return `\`${use.input.command}\``;
  const target = use.input.file_path ?? use.input.pattern;
  return typeof target === 'string' ? `\`${use.name} ${target}\`` : `\`${use.name}\``;
}

function describeRun(run: TestRun): string {
  switch (run.kind) {
    case 'failing':
      return `${run.failures.length} case${run.failures.length === 1 ? '' : 's'} failed`;
    case 'passing':
      return run.summary;
    case 'no_node':
      return '`node` is not available in this sandbox';
    case 'unclear':
      return `unexpected output (${run.detail})`;
  }
}

/** What the demo really changed and ran so far, one line each, from the tool results. */
function whatHappened(calls: readonly CallRecord[]): string[] {
  const lines: string[] = [];
  for (const call of calls) {
    const path = call.use.input.file_path;
    if (call.use.name === 'Write' && !call.failed) lines.push(`- Wrote \`${String(path)}\`.`);
    else if (call.use.name === 'Edit' && !call.failed) lines.push(`- Edited \`${String(path)}\`.`);
    else if (commandOf(call) === RUN_TESTS && (!call.failed || isExpectedFailure(call))) {
      lines.push(`- Ran \`${RUN_TESTS}\`: ${describeRun(classifyTestRun(call.text))}.`);
    }
  }
  const changed = lines.some((line) => line.startsWith('- Wrote') || line.startsWith('- Edited'));
  if (!changed) return ['Nothing in the workspace was changed.', ...lines];
  const wroteLibrary = calls.some((call) => isCall(call, 'Write', 'slugify.js') && !call.failed);
  const fixed = calls.some((call) => isCall(call, 'Edit', 'slugify.js') && !call.failed);
  const note = wroteLibrary && !fixed ? ['', '`slugify.js` still has the trim bug: it was not fixed.'] : [];
  return ['What did happen:', ...lines, ...note];
}

/** The demo ends early, saying plainly which call stopped it and what was done before. */
function stopTurn(call: CallRecord, kind: FailureKind, calls: readonly CallRecord[]): ScriptedTurn {
  const what = label(call.use);
  let opening: string;
  switch (kind) {
    case 'denied': {
      const reason = call.text.replace(/^The user denied this\.?:?\s*/, '').trim();
      opening = `Understood — you denied ${what}${reason === '' ? '' : ` ("${reason}")`}, so I'll stop the demo here.`;
      break;
    }
    case 'refused':
      opening = `The permission mode refused ${what} (${firstSentence(call.text)}), so I'll stop the demo here.`;
      break;
    case 'interrupted':
      opening = `${what} was interrupted, so I'll stop the demo here rather than carry on from the middle.`;
      break;
    case 'failed':
      opening = `${what} failed (${firstLine(call.text).replace(/\.$/, '')}), so I'll stop the demo here rather than build on a step that did not happen.`;
      break;
  }
  return { text: [opening, '', ...whatHappened(calls)].join('\n'), endsScript: true };
}

/** Every step but the first checks the run so far: a denied, refused or failed call ends the demo honestly. */
function guarded(step: ScriptStep): ScriptStep {
  return (context: ScriptContext): ScriptedTurn | null => {
    const calls = callsOfRun(context.messages);
    const blocker = blockingCall(calls);
    if (blocker) return stopTurn(blocker.call, blocker.kind, calls);
    return typeof step === 'function' ? step(context) : step;
  };
}

/** The first `node test.js` of this run, classified. */
function firstTestRun(calls: readonly CallRecord[]): TestRun | null {
  const call = calls.find((candidate) => commandOf(candidate) === RUN_TESTS);
  return call ? classifyTestRun(call.text) : null;
}

/** Which demo files the opening Glob found (files left by an earlier run, or the user's). */
function existingDemoFiles(calls: readonly CallRecord[]): string[] {
  const glob = calls.find((call) => call.use.name === 'Glob');
  if (!glob || glob.failed) return [];
  const listed = new Set(glob.text.split('\n').map((line) => line.trim()));
  return DEMO_FILES.filter((file) => listed.has(file));
}

const survey: ScriptedTurn = {
  thinking:
    'A slugify library plus tests. Plan: see what is in the workspace, write slugify.js and assert-based tests, run them, then fix whatever they catch.',
  text: "First, a quick look at what's already in the workspace.",
  toolCalls: [{ name: 'Glob', input: { pattern: '*.js' } }],
};

/** Files from an earlier run: read them first (Write refuses to replace a file it has not read). Skipped on a fresh workspace. */
function readExisting(context: ScriptContext): ScriptedTurn | null {
  const existing = existingDemoFiles(callsOfRun(context.messages));
  if (existing.length === 0) return null;
  const names = existing.map((file) => `\`${file}\``).join(' and ');
  const one = existing.length === 1;
  return {
    text:
      `${names} ${one ? 'is' : 'are'} already here — probably from an earlier run of this demo. ` +
      `Write only replaces a file it has read in this session, so nothing gets overwritten blind: I'll read ${one ? 'it' : 'them'} first, then start over from a fresh copy.`,
    toolCalls: existing.map((file) => ({ name: 'Read', input: { file_path: file } })),
  };
}

function writeLibrary(context: ScriptContext): ScriptedTurn {
  const replacing = existingDemoFiles(callsOfRun(context.messages)).includes('slugify.js');
  return {
    text: replacing
      ? "Now a fresh `slugify.js` in place of the old one: it lowercases the text, strips accents, turns every run of other characters into one dash and trims dashes at both ends."
      : "No earlier files, so I'll start with the library: `slugify.js` lowercases the text, strips accents, turns every run of other characters into one dash and trims dashes at both ends.",
    toolCalls: [{ name: 'Write', input: { file_path: 'slugify.js', content: BUGGY_SLUGIFY } }],
  };
}

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

function fixBug(context: ScriptContext): ScriptedTurn {
  const calls = callsOfRun(context.messages);
  const lastRead = calls.filter((call) => isCall(call, 'Read', 'slugify.js')).at(-1);
  if (!lastRead?.text.includes(BUGGY_LINE)) {
    // The file is not what the demo wrote (changed meanwhile): an Edit would be a guess.
    return {
      text: [
        "The trim step in `slugify.js` isn't the line I wrote a moment ago — the file changed since — so I won't guess at an edit. I'll stop the demo here.",
        '',
        ...whatHappened(calls),
      ].join('\n'),
      endsScript: true,
    };
  }
  return {
    text:
      "Found it: the trim step `.replace(/^-+|-+$/, '')` has no `g` flag, so it replaces only the first match — the leading dashes — " +
      'and a trailing dash survives. Adding the flag fixes it:',
    toolCalls: [{ name: 'Edit', input: { file_path: 'slugify.js', old_string: BUGGY_LINE, new_string: FIXED_LINE } }],
  };
}

function verify(context: ScriptContext): ScriptedTurn {
  const run = firstTestRun(callsOfRun(context.messages));
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

/** The closing summary: every claim is read off the tool results of this run. */
function summarize(context: ScriptContext): ScriptedTurn {
  const calls = callsOfRun(context.messages);
  const wrote = (file: string): boolean => calls.some((call) => isCall(call, 'Write', file) && !call.failed);
  const readBefore = existingDemoFiles(calls).filter((file) => calls.some((call) => isCall(call, 'Read', file) && !call.failed));
  const edited = calls.some((call) => isCall(call, 'Edit', 'slugify.js') && !call.failed);
  const lines = ['## Summary', ''];
  if (wrote('slugify.js')) {
    lines.push('- `slugify.js` — `slugify(text)`: lowercase, accents stripped, runs of other characters → one dash, no dashes at the ends.');
  }
  if (wrote('test.js')) lines.push('- `test.js` — 6 `assert` cases, run with `node test.js`.');
  if (readBefore.length > 0) {
    lines.push(`- Replaced the earlier ${readBefore.map((file) => `\`${file}\``).join(' and ')} (read first, then rewritten).`);
  }

  const firstRun = firstTestRun(calls);
  const byInspection = firstRun?.kind === 'no_node' || firstRun?.kind === 'unclear';
  lines.push(
    firstRun?.kind === 'failing'
      ? "- **Bug the tests found:** the trim regex lacked the `g` flag, so trailing dashes survived (`'  Hello, World!  '` → `'hello-world-'`)."
      : "- **Bug (found by reading the code):** the trim regex lacked the `g` flag, so trailing dashes would survive (`'hello-world-'`).",
  );
  lines.push(edited ? '- **Fix:** a one-character Edit, `/^-+|-+$/` → `/^-+|-+$/g`.' : '- **Not fixed:** the Edit did not happen.');
  lines.push('');

  const last = calls.at(-1);
  const output = last?.text ?? '';
  if (byInspection) {
    lines.push(
      last?.failed === true
        ? `**Could not confirm the fix:** \`node\` isn't available in this sandbox, so the tests were not run, and grep did not find the fixed line (${firstLine(output) || 'no output'}).`
        : `**Verified by inspection only:** \`node\` isn't available in this sandbox, so the tests were not run. grep shows the fixed line: \`${firstLine(output)}\`.`,
    );
  } else {
    const rerun = classifyTestRun(output);
    if (rerun.kind === 'passing') lines.push(`All tests pass now (${rerun.summary}).`);
    else {
      const detail = rerun.kind === 'failing' ? rerun.failures.join('; ') : rerun.detail;
      lines.push(`**The tests still do not pass after the fix:** ${detail}. I stopped here rather than guess further.`);
    }
  }
  return { text: lines.join('\n'), endsScript: true };
}

export const DEMO_SCRIPT: readonly ScriptStep[] = [
  survey,
  readExisting,
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
export const DEMO_ONLY_NOTICE = 'The demo model only plays its script; set up a model to run your own task. The demo plays now.';

export function createDemoModel(options: { chunkDelayMs?: number } = {}): ScriptedModelClient {
  return new ScriptedModelClient({
    script: DEMO_SCRIPT,
    chunkDelayMs: options.chunkDelayMs ?? 25,
    // A typed task gets the demo anyway: say so before it plays, so nobody thinks it was read.
    promptNotice: (prompt) => (prompt.trim() === DEMO_PROMPT ? undefined : { text: DEMO_ONLY_NOTICE, action: 'open_model_settings' }),
  });
}
