/**
 * The verdict of a lesson's exercise check, from what the app can see: workspace files, the
 * permission gate, the session's events and memory. Pure: the context is the only way out. No DOM.
 */
import type { CheckVerdict, LessonCheck, LessonCheckContext } from './lesson-format';

export async function evaluateCheck(check: LessonCheck, context: LessonCheckContext): Promise<CheckVerdict> {
  switch (check.kind) {
    case 'file': {
      const text = await context.readFile(check.path);
      if (check.exists === false) return text === undefined ? pass(`${check.path} does not exist`) : fail(`${check.path} still exists`);
      if (text === undefined) return fail(`${check.path} does not exist yet`);
      if (check.contains !== undefined && !text.includes(check.contains)) return fail(`${check.path} does not contain ${JSON.stringify(check.contains)}`);
      if (check.matches !== undefined && !safeRegExp(check.matches)?.test(text)) return fail(`${check.path} does not match /${check.matches}/`);
      return pass(`${check.path} is as asked`);
    }
    case 'permission': {
      const decision = await context.decide(check.tool, check.input);
      const call = `${check.tool}(${describeInput(check.input)})`;
      return decision === check.decision ? pass(`${call}: ${decision}`) : fail(`${call} is decided "${decision}", not "${check.decision}"`);
    }
    case 'event': {
      const wanted = check.atLeast ?? 1;
      const found = context.events().filter((event) => event.type === check.type && (check.match === undefined || includes(event, check.match))).length;
      return found >= wanted ? pass(`${found} × ${check.type}`) : fail(`the session has ${found} matching ${check.type} event${found === 1 ? '' : 's'} (needs ${wanted})`);
    }
    case 'memory': {
      const memories = await context.memories();
      return memories.some((memory) => memory.includes(check.contains)) ? pass(`a memory mentions ${JSON.stringify(check.contains)}`) : fail(`no memory mentions ${JSON.stringify(check.contains)}`);
    }
    case 'all': {
      for (const part of check.checks) {
        const verdict = await evaluateCheck(part, context);
        if (!verdict.passed) return fail(`${part.description}: ${verdict.detail}`);
      }
      return pass('every part holds');
    }
  }
}

/** A deep, partial match: every field of `pattern` is in `value` (arrays: each pattern item matches some item). */
export function includes(value: unknown, pattern: unknown): boolean {
  if (pattern === null || typeof pattern !== 'object') return value === pattern;
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(pattern)) return Array.isArray(value) && pattern.every((item) => value.some((candidate) => includes(candidate, item)));
  return Object.entries(pattern).every(([key, expected]) => includes((value as Record<string, unknown>)[key], expected));
}

/** A teacher's pattern that is not a valid regular expression never matches (the loader reports it). */
function safeRegExp(source: string): RegExp | undefined {
  try {
    return new RegExp(source, 'm');
  } catch {
    return undefined;
  }
}

function describeInput(input: Record<string, unknown>): string {
  const values = Object.values(input);
  return values.length === 1 && typeof values[0] === 'string' ? values[0] : JSON.stringify(input);
}

const pass = (detail: string): CheckVerdict => ({ passed: true, detail });
const fail = (detail: string): CheckVerdict => ({ passed: false, detail });
