import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import globals from 'globals';

/** Paths below are relative to this file, whatever directory ESLint runs from. */
const ROOT = import.meta.dirname;

/** The harness: plain TypeScript that runs under Node as well as in the page. */
const HARNESS = ['src/agent', 'src/models', 'src/tools', 'src/sandbox', 'src/git', 'src/store', 'src/share', 'src/lessons'];

/**
 * Layer rules (ARCHITECTURE.md, "The layers"): data flows one way, so each
 * zone lists folders its files must never import. Paths are resolved first,
 * so `../app/x`, `../../app/x` and type-only imports are all caught.
 */
const LAYER_ZONES = [
  ...HARNESS.map((layer) => ({
    target: layer,
    from: 'src/app',
    message: 'The harness never imports the UI (src/app): the UI renders the events the harness emits.',
  })),
  {
    target: 'src/tools',
    from: 'src/agent',
    message: 'Tools never import the loop: the loop hands tools what they need through the ToolContext.',
  },
  {
    target: 'src/sandbox',
    from: 'src/tools',
    message: 'Sandbox adapters never import tools: tools sit on top of the Sandbox port.',
  },
  {
    target: 'src/models',
    from: ['src/agent', 'src/tools', 'src/sandbox'],
    message: 'Model clients stand alone: they speak wire formats, not loop, tool or sandbox code.',
  },
];

/**
 * Panels and containers: the only components that read the global app store. Every other
 * component (a new one too, by default) gets what it shows through props.
 */
const STORE_READERS = [
  'src/app/App.svelte',
  'src/app/header/Header.svelte',
  'src/app/statusbar/StatusBar.svelte',
  'src/app/layout/SidePanel.svelte',
  'src/app/layout/NarrowNav.svelte',
  'src/app/chat/ChatPanel.svelte',
  'src/app/chat/ChatInput.svelte',
  'src/app/chat/Transcript.svelte',
  'src/app/inspector/InspectorPanel.svelte',
  'src/app/files/FilesPanel.svelte',
  'src/app/editor/EditorPanel.svelte',
  'src/app/terminal/TerminalPanel.svelte',
  'src/app/preview/PreviewHost.svelte',
  'src/app/settings/ModelButton.svelte',
  'src/app/settings/ModelSettingsDialog.svelte',
];

/** The harness has no Svelte in it, not even a rune module. */
const NO_SVELTE_IN_HARNESS = {
  patterns: [
    {
      group: ['svelte', 'svelte/*'],
      message: 'The harness has no Svelte: it runs under Node as well as in the page.',
    },
    {
      regex: '\\.svelte(\\.[jt]s)?$',
      message: 'The harness never imports Svelte components or rune modules (.svelte / .svelte.ts).',
    },
  ],
};

export default ts.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'tests/artifacts/', 'bench-results/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser } },
  },
  {
    // Import graph rules: resolve like Vite/TypeScript do, and read .svelte
    // files with the Svelte parser so cycles through components count.
    files: ['src/**/*.ts', 'src/**/*.js', 'src/**/*.svelte'],
    plugins: { 'import-x': importX },
    // import-x parses each imported .svelte file with the importer's parser
    // options; <script lang="ts"> needs the TypeScript parser named there.
    languageOptions: { parserOptions: { parser: ts.parser } },
    settings: {
      'import-x/extensions': ['.ts', '.js', '.svelte'],
      'import-x/parsers': {
        '@typescript-eslint/parser': ['.ts', '.js'],
        // Lifts a component's <script> imports to where import-x looks for them.
        [`${ROOT}/eslint/svelte-imports-parser.js`]: ['.svelte'],
      },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: `${ROOT}/tsconfig.json`,
          extensions: ['.ts', '.svelte.ts', '.js', '.svelte', '.d.ts', '.json'],
        }),
      ],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: HARNESS.flatMap((layer) => [`${layer}/**/*.ts`, `${layer}/**/*.js`]),
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones: LAYER_ZONES }],
      'no-restricted-imports': ['error', NO_SVELTE_IN_HARNESS],
    },
  },
  {
    files: ['src/app/**/*.svelte'],
    ignores: STORE_READERS,
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: ROOT,
          zones: [
            {
              target: 'src/app/**/*.svelte',
              from: 'src/app/state/app-store.svelte.ts',
              message: 'A leaf component gets what it shows through props; its panel reads the app store.',
            },
          ],
        },
      ],
    },
  },
);
