import { z } from 'zod';
import { ToolError, type Tool } from './port';

const optionSchema = z.object({
  label: z.string().min(1).describe('The choice as the user sees it (1–5 words).'),
  description: z.string().describe('What this choice means or implies.'),
});

const questionSchema = z.object({
  question: z.string().min(1).describe('The complete question, ending with a question mark.'),
  header: z.string().min(1).max(30).describe('A very short label for the question (at most 12 characters), e.g. "Auth method".'),
  options: z.array(optionSchema).min(2).max(4).describe('2–4 choices. Do not add an "Other" choice: the user can always write their own answer.'),
  multiSelect: z.boolean().describe('True when the user may choose more than one option.'),
});

export const askUserQuestionInputSchema = z.object({
  questions: z.array(questionSchema).min(1).max(4).describe('1–4 questions to ask the user.'),
});

export type AskUserQuestionInput = z.infer<typeof askUserQuestionInputSchema>;

export const askUserQuestionTool: Tool<typeof askUserQuestionInputSchema> = {
  name: 'AskUserQuestion',
  description: `Asks the user 1–4 multiple-choice questions and waits for the answers. Use it when you need the user's preference or a decision to go on (which approach, which library, what a requirement means), instead of guessing.
- Each question has a short header, the question, 2–4 options (label and description) and multiSelect.
- The user can always answer in their own words ("Other"); do not add such an option yourself.
- Put a recommended option first and say "(Recommended)" at the end of its label.`,
  inputSchema: askUserQuestionInputSchema,
  // It only asks: it never changes the workspace, so it runs in plan mode and needs no permission.
  readOnly: true,
  category: 'read-only',
  // A sub-agent works alone: only the main agent talks to the user.
  availableToSubagents: false,
  concurrencySafe: false,

  permission(input) {
    return { title: `Ask ${input.questions.length === 1 ? 'a question' : `${input.questions.length} questions`}`, ruleKey: 'AskUserQuestion' };
  },

  summarize(input) {
    return input.questions.map((question) => question.question).join(' · ');
  },

  async run(input, context) {
    if (!context.askUser) throw new ToolError('Questions cannot be shown here: there is no user to answer them. Decide yourself and say what you assumed.');
    const response = await context.askUser({ kind: 'questions', questions: input.questions });
    if (response.kind !== 'answers') return { content: 'The user did not answer the questions (they were dismissed). Do not assume an answer; ask again or stop.', isError: true };
    const pairs = input.questions.map((question) => `"${question.question}"="${response.answers[question.question] ?? '(no answer)'}"`);
    return { content: `User has answered your questions: ${pairs.join(', ')}. You can now continue with the user's answers in mind.` };
  },
};
