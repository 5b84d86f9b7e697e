import { toGeminiParameters } from './schema';
import { isSyntheticToolUseId } from '../../ids';
import type { ImageBlock, Message, TextBlock, ToolResultBlock } from '../../messages';
import type { ModelRequest } from '../../port';
import { effortForBudget, type Effort } from '../../thinking-controls';
import { isGemini3OrLater } from './thinking';

/** Gemini generateContent wire shapes (the subset we send). */
export interface GeminiPart {
  text?: string;
  thought?: boolean;
  inlineData?: { mimeType: string; data: string };
  functionCall?: { id?: string; name: string; args: Record<string, unknown> };
  thoughtSignature?: string;
  functionResponse?: { id?: string; name: string; response: Record<string, unknown> };
}
export interface GeminiContent {
  role: 'user' | 'model';
  parts: GeminiPart[];
}
export interface GeminiFunctionDeclaration {
  name: string;
  description: string;
  parameters?: Record<string, unknown>;
}
export interface GeminiRequestBody {
  contents: GeminiContent[];
  systemInstruction?: { parts: Array<{ text: string }> };
  tools?: Array<{ functionDeclarations: GeminiFunctionDeclaration[] }>;
  generationConfig: {
    maxOutputTokens: number;
    thinkingConfig?: { thinkingBudget: number; includeThoughts: boolean } | { thinkingLevel: Effort; includeThoughts: boolean };
  };
}

function inline(image: ImageBlock): GeminiPart {
  return { inlineData: { mimeType: image.source.media_type, data: image.source.data } };
}

function resultText(block: ToolResultBlock): string {
  if (typeof block.content === 'string') return block.content;
  return block.content
    .filter((part): part is TextBlock => part.type === 'text')
    .map((part) => part.text)
    .join('\n');
}

/** Gemini answers a function call by name, not id: map each tool_use id to its name. */
function toolNames(messages: readonly Message[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const message of messages) {
    if (message.role !== 'assistant') continue;
    for (const block of message.content) if (block.type === 'tool_use') names.set(block.id, block.name);
  }
  return names;
}

/** A tool call's id as the provider gave it; undefined for an id we made up because it gave none. */
function providerId(id: string): string | undefined {
  return isSyntheticToolUseId(id) ? undefined : id;
}

function userParts(message: Extract<Message, { role: 'user' }>, names: Map<string, string>): GeminiPart[] {
  if (typeof message.content === 'string') return message.content === '' ? [] : [{ text: message.content }];
  const responses: GeminiPart[] = [];
  const rest: GeminiPart[] = [];
  for (const block of message.content) {
    if (block.type === 'tool_result') {
      const text = resultText(block);
      // Gemini's documented convention: "output" for results, "error" for failures.
      const response = block.is_error ? { error: text } : { output: text };
      const name = names.get(block.tool_use_id) ?? block.tool_use_id;
      // Gemini asks for the call's id in its response when the call had one (ours, made up, it never saw).
      const id = providerId(block.tool_use_id);
      responses.push({ functionResponse: { ...(id ? { id } : {}), name, response } });
      // A function response holds JSON only, so images a tool returned follow as inline parts.
      if (typeof block.content !== 'string') for (const part of block.content) if (part.type === 'image') rest.push(inline(part));
    } else if (block.type === 'text') {
      if (block.text !== '') rest.push({ text: block.text });
    } else {
      rest.push(inline(block));
    }
  }
  // Function responses must come first, right after the model's function calls.
  return [...responses, ...rest];
}

/**
 * Gemini's documented stand-in for a signature it never issued (calls another model made, or the
 * demo's): it skips the check instead of refusing the request.
 */
export const UNSIGNED_CALL_SIGNATURE = 'skip_thought_signature_validator';

function modelParts(message: Extract<Message, { role: 'assistant' }>, signCalls: boolean): GeminiPart[] {
  const parts: GeminiPart[] = [];
  // Gemini signs only the first of parallel calls, so a step with any signature is sent as it came.
  const signed = message.content.some((block) => block.type === 'tool_use' && block.signature);
  let first = true;
  for (const block of message.content) {
    if (block.type === 'text' && block.text !== '') parts.push({ text: block.text });
    else if (block.type === 'tool_use') {
      const id = providerId(block.id);
      const part: GeminiPart = { functionCall: { ...(id ? { id } : {}), name: block.name, args: block.input } };
      if (block.signature) part.thoughtSignature = block.signature;
      else if (signCalls && !signed && first) part.thoughtSignature = UNSIGNED_CALL_SIGNATURE;
      first = false;
      parts.push(part);
    }
    // Thinking (Gemini's thought summaries, or another provider's) is not sent back.
  }
  return parts;
}

/**
 * The canonical transcript as Gemini contents; empty turns dropped, consecutive same-role turns merged.
 * `signCalls` gives unsigned function calls the stand-in signature: Gemini 3 and later refuse a history
 * whose calls lack their signatures; Gemini 1.x and 2.x never ask for them.
 */
export function toGeminiContents(messages: readonly Message[], signCalls = false): GeminiContent[] {
  const names = toolNames(messages);
  const out: GeminiContent[] = [];
  for (const message of messages) {
    const role = message.role === 'user' ? 'user' : 'model';
    const parts = message.role === 'user' ? userParts(message, names) : modelParts(message, signCalls);
    if (parts.length === 0) continue;
    const last = out[out.length - 1];
    if (last?.role === role) last.parts.push(...parts);
    else out.push({ role, parts });
  }
  return out;
}

export function buildGeminiBody(request: ModelRequest): GeminiRequestBody {
  const body: GeminiRequestBody = {
    contents: toGeminiContents(request.messages, isGemini3OrLater(request.model)),
    generationConfig: { maxOutputTokens: request.maxTokens },
  };
  if (request.system !== '') body.systemInstruction = { parts: [{ text: request.system }] };
  if (request.tools.length > 0) {
    body.tools = [
      {
        functionDeclarations: request.tools.map((tool) => {
          const declaration: GeminiFunctionDeclaration = { name: tool.name, description: tool.description };
          const parameters = toGeminiParameters(tool.input_schema);
          if (parameters) declaration.parameters = parameters;
          return declaration;
        }),
      },
    ];
  }
  if (request.thinkingBudget !== undefined && request.thinkingBudget > 0) {
    const budget = Math.floor(request.thinkingBudget);
    body.generationConfig.thinkingConfig = isGemini3OrLater(request.model)
      ? { thinkingLevel: effortForBudget(budget), includeThoughts: true }
      : { thinkingBudget: budget, includeThoughts: true };
  }
  return body;
}
