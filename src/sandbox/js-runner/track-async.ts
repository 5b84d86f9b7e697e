import type { Node, Options } from 'acorn';

/** The function the guest bootstrap passes to every user module to register a promise. */
export const TRACK_FUNCTION = '__glassbox$track';

type Parse = (input: string, options: Options) => Node;

/**
 * Rewrites a module so that Node's "unhandled rejection → exit 1" can be detected.
 *
 * Why: quickjs-emscripten 0.32 does not expose QuickJS's promise-rejection hook, and the promise an
 * async function returns is made by the engine where guest JavaScript cannot see it. So an
 * `async function main() { assert.equal(1, 2) } main()` would fail silently with exit code 0.
 * We make those promises visible:
 *   async function f(a) { B }   →  function f(a) { return track((async () => { B })()); }
 *   async (a) => E              →  (a) => track((async () => E)())
 *   new Promise(…)              →  track(new Promise(…))
 * The inner arrow keeps `this`, `arguments`, `super` and `new.target`. Only insertions on the same
 * line are made (the `async` keyword becomes spaces), so line numbers in stacks stay right.
 * Generators and code that fails to parse are left alone (QuickJS then reports the syntax error).
 */
export function trackAsync(source: string, parse: Parse): string {
  if (!/\basync\b|\bnew\s+Promise\b/.test(source)) return source;
  let program: Node;
  try {
    program = parse(source, {
      ecmaVersion: 'latest',
      sourceType: 'script',
      allowReturnOutsideFunction: true,
      allowHashBang: true,
    });
  } catch {
    return source;
  }

  const openers = new Map<number, string[]>();
  const closers = new Map<number, string[]>();
  const blanks: number[] = [];
  // Visited outer-first: an outer opener goes before an inner one, an inner closer before an outer one.
  const open = (at: number, text: string) => (openers.get(at) ?? openers.set(at, []).get(at))?.push(text);
  const close = (at: number, text: string) => (closers.get(at) ?? closers.set(at, []).get(at))?.unshift(text);
  const methodValues = new Set<Node>();

  const visit = (node: Node) => {
    const fields = node as unknown as Record<string, unknown>;
    const isAsync = fields.async === true && fields.generator !== true;

    if ((node.type === 'MethodDefinition' || (node.type === 'Property' && fields.method === true)) && isNode(fields.value)) {
      const value = fields.value as unknown as Record<string, unknown>;
      const key = fields.key;
      if (value.async === true && value.generator !== true && isNode(key)) {
        const keyword = /\basync\b/.exec(source.slice(node.start, key.start));
        if (keyword) {
          blanks.push(node.start + keyword.index);
          methodValues.add(fields.value);
        }
      }
    }

    if (isAsync && (node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression') && isNode(fields.body)) {
      if (!methodValues.has(node) && source.startsWith('async', node.start)) blanks.push(node.start);
      if (methodValues.has(node) || source.startsWith('async', node.start)) {
        const [start, end] = [fields.body.start + 1, fields.body.end - 1];
        const [before, after] = [`return ${TRACK_FUNCTION}((async () => {`, '})());'];
        // `{}`: both edits at one position, in this order (closers of other nodes go first there).
        if (start === end) open(start, before + after);
        else {
          open(start, before);
          close(end, after);
        }
      }
    } else if (isAsync && node.type === 'ArrowFunctionExpression' && source.startsWith('async', node.start)) {
      const params = Array.isArray(fields.params) ? fields.params.filter(isNode) : [];
      const last = params[params.length - 1];
      const arrow = source.indexOf('=>', last ? last.end : node.start + 5);
      if (arrow >= 0) {
        blanks.push(node.start);
        open(arrow + 2, ` ${TRACK_FUNCTION}((async () =>`);
        close(node.end, ')())');
      }
    } else if (node.type === 'NewExpression' && isNode(fields.callee) && fields.callee.type === 'Identifier') {
      if ((fields.callee as unknown as { name: string }).name === 'Promise') {
        open(node.start, `${TRACK_FUNCTION}(`);
        close(node.end, ')');
      }
    }

    for (const key of Object.keys(fields)) {
      const value = fields[key];
      if (Array.isArray(value)) {
        for (const child of value) if (isNode(child)) visit(child);
      } else if (isNode(value)) {
        visit(value);
      }
    }
  };
  visit(program);
  if (openers.size === 0 && closers.size === 0) return source;

  const positions = [...new Set([...openers.keys(), ...closers.keys(), ...blanks])].sort((a, b) => a - b);
  const blanked = new Set(blanks);
  let out = '';
  let cursor = 0;
  for (const at of positions) {
    out += source.slice(cursor, at);
    out += (closers.get(at) ?? []).join('') + (openers.get(at) ?? []).join('');
    cursor = at;
    if (blanked.has(at)) {
      out += '     ';
      cursor = at + 5;
    }
  }
  out += source.slice(cursor);
  return out;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' && typeof (value as { start?: unknown }).start === 'number';
}
