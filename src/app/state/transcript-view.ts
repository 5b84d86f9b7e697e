/**
 * A saved transcript as the chat shows it after a reload: the user's prompts, the assistant's
 * text and thinking, and each tool call as a finished card with its result. Pure (no Svelte,
 * no DOM), like ./fold.ts, whose item shapes it builds. The live fold needs events; a saved
 * conversation only has messages, so this reads the messages directly.
 *
 * What a transcript does not hold is not invented: no run-end lines (the stop reason was not
 * saved). The inspector's requests and the token counts come back when they were saved with it.
 */
import { systemReminder } from '../../agent/context-notes';
import type { ToolCallInfo } from '../../agent/events';
import type { Message, ToolResultBlock, ToolUseBlock, UserBlock } from '../../models/messages';
import type { ConversationUsage } from '../../store/db';
import type { LoggedRequest } from '../../store/request-log';
import { callSummary, initialView, resultText, type ChatItem, type InspectorEntry, type NoticeItem, type ToolItem, type ViewState } from './fold';

/** What else was saved with the transcript. */
export interface SavedExtras {
  requests?: readonly LoggedRequest[];
  usage?: ConversationUsage;
}

/** Harness notes ride in user messages as <system-reminder> text; they are not the user's words. */
const REMINDER_PREFIX = systemReminder('x').split('\n')[0] ?? '<system-reminder>';

function promptText(blocks: readonly UserBlock[]): string {
  return blocks
    .filter((block) => block.type === 'text' && !block.text.startsWith(REMINDER_PREFIX))
    .map((block) => (block.type === 'text' ? block.text : ''))
    .join('\n')
    .trim();
}

function finishTool(tool: ToolItem, result: ToolResultBlock): ToolItem {
  const isError = result.is_error === true;
  return { ...tool, status: isError ? 'error' : 'done', isError, output: resultText(result) };
}

/** A saved call as the tool_call event would carry it; by default what the message holds (no tool summary). */
export type DescribeCall = (block: ToolUseBlock) => ToolCallInfo;

const callAsSaved: DescribeCall = (block) => ({ id: block.id, name: block.name, input: block.input });

/**
 * The view of a saved conversation; `notice` (if any) is shown after it. `describeCall` gives
 * each call its tool's summary and category, so restored cards read as the live ones did.
 */
export function transcriptView(messages: readonly Message[], notice?: string, saved: SavedExtras = {}, describeCall: DescribeCall = callAsSaved): ViewState {
  const items: ChatItem[] = [];
  const tools = new Map<string, number>();
  let runs = 0;
  let turn = 0;
  messages.forEach((message, at) => {
    const prefix = `restored${at}`;
    if (message.role === 'user') {
      const blocks: UserBlock[] = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
      for (const block of blocks) {
        if (block.type !== 'tool_result') continue;
        const index = tools.get(block.tool_use_id);
        const tool = index === undefined ? undefined : items[index];
        if (index !== undefined && tool?.kind === 'tool') items[index] = finishTool(tool, block);
      }
      const text = promptText(blocks);
      if (text !== '') {
        runs += 1;
        turn = 0;
        items.push({ kind: 'user', id: `${prefix}:user`, text });
      }
      return;
    }
    turn += 1;
    message.content.forEach((block, index) => {
      const id = `${prefix}:b${index}`;
      if (block.type === 'text' && block.text !== '') items.push({ kind: 'text', id, turn, index, text: block.text, streaming: false });
      else if (block.type === 'thinking' && block.thinking !== '') items.push({ kind: 'thinking', id, turn, index, text: block.thinking, streaming: false });
      else if (block.type === 'tool_use') {
        tools.set(block.id, items.length);
        // Until its result is found: a call the saved transcript never answered did not finish.
        const call = describeCall(block);
        const category = call.category !== undefined ? { category: call.category } : {};
        items.push({ kind: 'tool', id: block.id, turn, name: block.name, input: block.input, summary: callSummary(call), ...category, status: 'cancelled', progress: '', isError: false });
      }
    });
  });
  if (notice !== undefined) {
    // 'error': the chat's warning line reads "Retrying", which this is not.
    const line: NoticeItem = { kind: 'notice', id: 'restored:notice', level: 'error', text: notice };
    items.push(line);
  }
  const requests = (saved.requests ?? []).map((logged, at): InspectorEntry => ({ ...logged, id: `restored:req${at}` }));
  const view = initialView();
  return { ...view, runs, items, requests, usage: saved.usage ? { ...saved.usage } : view.usage };
}
