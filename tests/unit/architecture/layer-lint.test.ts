/**
 * The layer rules in eslint.config.js bite: ESLint, run with the project's own config, rejects
 * harness → UI imports, Svelte in the harness, imports against the loop's direction, and
 * import cycles (through .svelte components too). Sources are linted from memory; cycles need
 * their other half on disk, so those fixtures go to a temporary folder.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const CONFIG = join(ROOT, 'eslint.config.js');
/** Type-aware parsing and import resolution take a few seconds on a cold start. */
const SLOW = 60_000;

interface Finding {
  rule: string | null;
  message: string;
}

async function lint(eslint: ESLint, filePath: string, source: string): Promise<Finding[]> {
  const [result] = await eslint.lintText(source, { filePath });
  if (!result) throw new Error(`ESLint returned no result for ${filePath}`);
  return result.messages.map((message) => ({ rule: message.ruleId, message: message.message }));
}

function rulesOf(findings: Finding[]): Array<string | null> {
  return findings.map((finding) => finding.rule);
}

describe('layer rules (eslint.config.js)', () => {
  const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: CONFIG });

  it('rejects the harness importing the UI, even for a type', { timeout: SLOW }, async () => {
    const findings = await lint(
      eslint,
      'src/agent/layer-fixture.ts',
      "import type { Runtime } from '../app/state/runtime-types';\nexport type Seen = Runtime;\n",
    );
    expect(findings).toContainEqual({
      rule: 'import-x/no-restricted-paths',
      message: expect.stringContaining('The harness never imports the UI (src/app)'),
    });
  });

  it('rejects the store importing a component or the app store', { timeout: SLOW }, async () => {
    const findings = await lint(
      eslint,
      'src/store/layer-fixture.ts',
      "import { app } from '../app/state/app-store.svelte';\nexport const seen = app;\n",
    );
    expect(rulesOf(findings)).toEqual(expect.arrayContaining(['import-x/no-restricted-paths', 'no-restricted-imports']));
  });

  it('rejects Svelte itself in the harness', { timeout: SLOW }, async () => {
    const findings = await lint(eslint, 'src/sandbox/layer-fixture.ts', "import { mount } from 'svelte';\nexport const seen = mount;\n");
    expect(findings).toContainEqual({ rule: 'no-restricted-imports', message: expect.stringContaining('The harness has no Svelte') });
  });

  it.each([
    ['src/tools/layer-fixture.ts', '../agent/session', 'Tools never import the loop'],
    ['src/sandbox/layer-fixture.ts', '../tools/registry', 'Sandbox adapters never import tools'],
    ['src/models/layer-fixture.ts', '../agent/loop', 'Model clients stand alone'],
    ['src/models/layer-fixture.ts', '../sandbox/port', 'Model clients stand alone'],
  ])('rejects %s importing %s', { timeout: SLOW }, async (filePath, target, why) => {
    const findings = await lint(eslint, filePath, `import * as lower from '${target}';\nexport const seen = lower;\n`);
    expect(findings).toContainEqual({ rule: 'import-x/no-restricted-paths', message: expect.stringContaining(why) });
  });

  it('allows the loop to use tools, models and the sandbox port', { timeout: SLOW }, async () => {
    const findings = await lint(
      eslint,
      'src/agent/layer-fixture.ts',
      [
        "import type { ModelClient } from '../models/port';",
        "import type { Sandbox } from '../sandbox/port';",
        "import { createDefaultTools } from '../tools/registry';",
        'export type Parts = [ModelClient, Sandbox];',
        'export const tools = createDefaultTools;',
        '',
      ].join('\n'),
    );
    expect(findings).toEqual([]);
  });

  it('keeps leaf components off the app store, and lets panels read it', { timeout: SLOW }, async () => {
    const component = [
      '<script lang="ts">',
      "  import { app } from '../state/app-store.svelte';",
      '</script>',
      '',
      '<p>{app.phase}</p>',
      '',
    ].join('\n');
    const leaf = await lint(eslint, 'src/app/chat/ToolCard.svelte', component);
    expect(leaf).toContainEqual({
      rule: 'import-x/no-restricted-paths',
      message: expect.stringContaining('A leaf component gets what it shows through props'),
    });
    expect(await lint(eslint, 'src/app/chat/Transcript.svelte', component)).toEqual([]);
  });

  it('rejects an import that closes a cycle in the app', { timeout: SLOW }, async () => {
    // app-store loads ./http-view: http-view loading the store back closes a cycle.
    const findings = await lint(
      eslint,
      'src/app/state/http-view.ts',
      "import { app } from './app-store.svelte';\nexport const seen = app;\n",
    );
    expect(rulesOf(findings)).toContain('import-x/no-cycle');
  });
});

describe('import cycles through .svelte components', () => {
  let fixtureRoot = '';
  let eslint: ESLint;

  /** A component and a rune store that import each other. */
  const FILES: Record<string, string> = {
    'src/app/widget-store.svelte.ts': [
      "import Widget from './Widget.svelte';",
      '',
      'class WidgetStore {',
      '  count = $state(0);',
      '  readonly component = Widget;',
      '}',
      '',
      'export const widgetStore = new WidgetStore();',
      '',
    ].join('\n'),
    'src/app/Widget.svelte': [
      '<script lang="ts">',
      "  import { widgetStore } from './widget-store.svelte';",
      '  const label: string = `Clicked ${widgetStore.count} times`;',
      '</script>',
      '',
      '<button type="button" onclick={() => widgetStore.count++}>{label}</button>',
      '',
    ].join('\n'),
    // Two components and a store between them: only seen when the components' <script>
    // imports are read (eslint/svelte-imports-parser.js).
    'src/app/Board.svelte': ['<script lang="ts">', "  import { board } from './board-store';", '</script>', '', '<p>{board.title}</p>', ''].join('\n'),
    'src/app/board-store.ts': ["import Card from './Card.svelte';", '', "export const board = { title: 'Board', card: Card };", ''].join('\n'),
    'src/app/Card.svelte': ['<script lang="ts">', "  import Board from './Board.svelte';", '</script>', '', '<Board />', ''].join('\n'),
    'src/app/Leaf.svelte': ['<script lang="ts">', '  let { label }: { label: string } = $props();', '</script>', '', '<span>{label}</span>', ''].join('\n'),
  };

  beforeAll(async () => {
    fixtureRoot = await mkdtemp(join(tmpdir(), 'glassbox-layers-'));
    for (const [path, source] of Object.entries(FILES)) {
      await mkdir(dirname(join(fixtureRoot, path)), { recursive: true });
      await writeFile(join(fixtureRoot, path), source);
    }
    eslint = new ESLint({ cwd: fixtureRoot, overrideConfigFile: CONFIG });
  });

  afterAll(async () => {
    if (fixtureRoot) await rm(fixtureRoot, { recursive: true, force: true });
  });

  it('flags the store that imports the component importing it', { timeout: SLOW }, async () => {
    const path = 'src/app/widget-store.svelte.ts';
    const findings = await lint(eslint, join(fixtureRoot, path), FILES[path] ?? '');
    expect(rulesOf(findings)).toContain('import-x/no-cycle');
  });

  it('flags the component side as well', { timeout: SLOW }, async () => {
    const path = 'src/app/Widget.svelte';
    const findings = await lint(eslint, join(fixtureRoot, path), FILES[path] ?? '');
    expect(rulesOf(findings)).toContain('import-x/no-cycle');
  });

  it('flags a cycle that runs through two components', { timeout: SLOW }, async () => {
    const path = 'src/app/Board.svelte';
    const findings = await lint(eslint, join(fixtureRoot, path), FILES[path] ?? '');
    expect(rulesOf(findings)).toContain('import-x/no-cycle');
  });

  it('accepts a component tree without a way back', { timeout: SLOW }, async () => {
    const findings = await lint(
      eslint,
      join(fixtureRoot, 'src/app/Panel.svelte'),
      '<script lang="ts">\n  import Leaf from \'./Leaf.svelte\';\n</script>\n\n<Leaf label="hello" />\n',
    );
    expect(findings).toEqual([]);
  });
});
