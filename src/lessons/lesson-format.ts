/**
 * A lesson, as a teacher writes it: a plain folder in the repository, no code.
 *
 *   lessons/index.json            { "lessons": ["01-the-loop", "02-tools", …] }: the order
 *   lessons/NN-slug/lesson.json   title, summary, the task prompt, the exercise and its check
 *   lessons/NN-slug/content.md    the lesson text (Markdown), shown beside the playground
 *   lessons/NN-slug/files/…       the starting workspace files, byte for byte
 *   lessons/NN-slug/run.json      the scripted run: what the offline model answers, turn by turn
 *
 * The slug is the folder name without its number (`01-the-loop` → `the-loop`): `?lesson=the-loop`.
 * Everything here is untrusted when it comes from a URL: it is read through these schemas and
 * nothing loads unless all of it holds. No DOM.
 */
import { z } from 'zod';

/** A folder name: two digits, a dash, then a lowercase slug. */
export const LESSON_FOLDER = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/;

export const lessonIndexSchema = z.object({
  lessons: z.array(z.string().regex(LESSON_FOLDER)).min(1),
});
export type LessonIndex = z.infer<typeof lessonIndexSchema>;

/** One tool call in a scripted turn (the scripted model's ScriptedToolCall, as JSON). */
const scriptedToolCallSchema = z.object({
  name: z.string().min(1),
  input: z.record(z.string(), z.unknown()).optional(),
  id: z.string().optional(),
});

/** One model message of the scripted run (the scripted model's ScriptedTurn, as JSON). */
export const scriptedTurnSchema = z.object({
  thinking: z.string().optional(),
  text: z.string().optional(),
  toolCalls: z.array(scriptedToolCallSchema).optional(),
  stopReason: z.enum(['end_turn', 'tool_use', 'max_tokens', 'stop_sequence', 'refusal']).optional(),
  endsScript: z.boolean().optional(),
});

/** run.json: the turns the offline model plays for the lesson's prompt (a real model ignores it). */
export const lessonRunSchema = z.object({
  turns: z.array(scriptedTurnSchema).min(1),
});
export type LessonRun = z.infer<typeof lessonRunSchema>;

/**
 * What the app can check at the end of an exercise. Each check says in `description` what it
 * wants, in the learner's words ("a rule lets `npm test` run without asking").
 */
export type LessonCheck =
  /** A workspace file exists (and, when given, contains a text or matches a regular expression). */
  | { kind: 'file'; description: string; path: string; contains?: string; matches?: string; exists?: boolean }
  /** The permission gate, with the workspace's rules in the default mode, decides this call so. */
  | { kind: 'permission'; description: string; tool: string; input: Record<string, unknown>; decision: 'allow' | 'ask' | 'deny' }
  /**
   * The session's event log has an event of this type whose fields include `match` (a deep,
   * partial match: `{ "call": { "name": "Grep" } }` matches any tool_call of Grep).
   */
  | { kind: 'event'; description: string; type: string; match?: Record<string, unknown>; atLeast?: number }
  /** A memory entry contains this text. */
  | { kind: 'memory'; description: string; contains: string }
  /** Every check holds. */
  | { kind: 'all'; description: string; checks: LessonCheck[] };

export const lessonCheckSchema: z.ZodType<LessonCheck> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('file'), description: z.string().min(1), path: z.string().min(1), contains: z.string().optional(), matches: z.string().optional(), exists: z.boolean().optional() }),
    z.object({ kind: z.literal('permission'), description: z.string().min(1), tool: z.string().min(1), input: z.record(z.string(), z.unknown()), decision: z.enum(['allow', 'ask', 'deny']) }),
    z.object({ kind: z.literal('event'), description: z.string().min(1), type: z.string().min(1), match: z.record(z.string(), z.unknown()).optional(), atLeast: z.number().int().positive().optional() }),
    z.object({ kind: z.literal('memory'), description: z.string().min(1), contains: z.string().min(1) }),
    z.object({ kind: z.literal('all'), description: z.string().min(1), checks: z.array(lessonCheckSchema).min(1) }),
  ]),
);

/** lesson.json. */
export const lessonManifestSchema = z.object({
  title: z.string().min(1).max(120),
  /** One sentence for the lessons index. */
  summary: z.string().min(1).max(400),
  /** The task the run answers: typed into the chat input when the lesson opens. */
  prompt: z.string().min(1),
  /** The exercise, in Markdown: what the learner does after watching the run. */
  exercise: z.string().min(1),
  check: lessonCheckSchema,
  /** Which harness mechanism the lesson shows, e.g. "loop", "tools", "permissions" (for the Compare lab's presets). */
  topic: z.string().min(1).optional(),
  /**
   * Harness settings the lesson's run needs, applied while the lesson is open: e.g. a small context
   * window so the compaction lesson compacts. Names follow RunSettings / ContextSettings.
   */
  harness: z
    .object({
      context: z
        .object({ contextWindow: z.number().int().positive(), autoCompact: z.boolean(), microCompact: z.boolean(), keepToolResults: z.number().int().min(0) })
        .partial()
        .optional(),
      maxTurns: z.number().int().positive().optional(),
      /** The permission mode the lesson starts in (never bypass: a lesson cannot switch the gate off). */
      permissionMode: z.enum(['default', 'acceptEdits', 'plan']).optional(),
    })
    .optional(),
});
export type LessonManifest = z.infer<typeof lessonManifestSchema>;

/** A lesson read whole: its folder name, slug, manifest, text, starting files and run. */
export interface Lesson {
  folder: string;
  slug: string;
  manifest: LessonManifest;
  content: string;
  files: Record<string, string | Uint8Array>;
  run: LessonRun;
}

/** The slug of a lesson folder (`01-the-loop` → `the-loop`), or undefined for a name that is not one. */
export function lessonSlug(folder: string): string | undefined {
  return LESSON_FOLDER.exec(folder)?.[2];
}

/** What a check reads to give its verdict; the app wires it to the live workspace and session. */
export interface LessonCheckContext {
  readFile(path: string): Promise<string | undefined>;
  /** The permission gate's decision for a call, with the workspace's rules, in the default mode. */
  decide(tool: string, input: Record<string, unknown>): Promise<'allow' | 'ask' | 'deny'>;
  /** The session's events, oldest first. */
  events(): readonly { type: string }[];
  memories(): Promise<readonly string[]>;
}

export interface CheckVerdict {
  passed: boolean;
  /** What was found, in words (why it failed, or what satisfied it). */
  detail: string;
}
