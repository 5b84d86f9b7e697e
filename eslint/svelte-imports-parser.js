/**
 * A parser for eslint-plugin-import-x's `import-x/parsers` setting only (it never lints a file).
 *
 * import-x reads an imported module's imports and exports from the top level of its AST, but
 * svelte-eslint-parser keeps a component's import statements inside <script> elements. Read
 * as is, a component seems to import nothing, and `import-x/no-cycle` misses a cycle that runs
 * through a component other than the file being linted (e.g. two components and a store). This parser lifts the statements of each <script> to the top level and
 * keeps the rest (the markup, where `{#await import(…)}` may load more).
 */
import * as svelteParser from 'svelte-eslint-parser';

export const meta = { name: 'glassbox-svelte-imports-parser' };

/** Node 20.19+ lets import-x require() this ES module. */
export function parseForESLint(code, options) {
  const result = svelteParser.parseForESLint(code, options);
  const scripts = result.ast.body.filter((node) => node.type === 'SvelteScriptElement');
  const markup = result.ast.body.filter((node) => node.type !== 'SvelteScriptElement');
  const body = [...scripts.flatMap((script) => script.body), ...markup];
  return { ...result, ast: { ...result.ast, body } };
}
