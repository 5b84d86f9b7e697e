// Encoders for one scripted model turn in each provider's documented streaming format.
import { Buffer } from 'node:buffer';
// Each returns the SSE frames (already framed, "data: …\n\n") in the order a real server sends them.

/** Split text into `parts` roughly equal pieces (at least one). */
function pieces(text, parts = 3) {
  if (text.length <= parts) return [text];
  const size = Math.ceil(text.length / parts);
  const out = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

function frame(data, event) {
  return `${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`;
}

/** A crude token estimate, good enough for usage numbers in tests. */
export function estimateTokens(value) {
  return Math.max(1, Math.round(JSON.stringify(value ?? '').length / 4));
}

export const anthropicWire = {
  frames(turn, { turnIndex, model, inputTokens }) {
    const frames = [];
    const outputTokens = estimateTokens(turn);
    frames.push(
      frame(
        {
          type: 'message_start',
          message: {
            id: `msg_mock_${turnIndex}`,
            type: 'message',
            role: 'assistant',
            model,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { input_tokens: inputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 },
          },
        },
        'message_start',
      ),
    );
    frames.push(frame({ type: 'ping' }, 'ping'));
    let index = 0;
    if (turn.thinking) {
      frames.push(frame({ type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } }, 'content_block_start'));
      for (const part of pieces(turn.thinking, 2)) {
        frames.push(frame({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: part } }, 'content_block_delta'));
      }
      frames.push(frame({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: `mock-signature-${turnIndex}` } }, 'content_block_delta'));
      frames.push(frame({ type: 'content_block_stop', index }, 'content_block_stop'));
      index++;
    }
    if (turn.text) {
      frames.push(frame({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } }, 'content_block_start'));
      for (const part of pieces(turn.text)) {
        frames.push(frame({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: part } }, 'content_block_delta'));
      }
      frames.push(frame({ type: 'content_block_stop', index }, 'content_block_stop'));
      index++;
    }
    (turn.toolCalls ?? []).forEach((call, i) => {
      const id = `toolu_mock_${turnIndex}_${i}`;
      frames.push(frame({ type: 'content_block_start', index, content_block: { type: 'tool_use', id, name: call.name, input: {} } }, 'content_block_start'));
      frames.push(frame({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: '' } }, 'content_block_delta'));
      for (const part of pieces(JSON.stringify(call.input))) {
        frames.push(frame({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: part } }, 'content_block_delta'));
      }
      frames.push(frame({ type: 'content_block_stop', index }, 'content_block_stop'));
      index++;
    });
    const stopReason = turn.toolCalls?.length ? 'tool_use' : 'end_turn';
    frames.push(frame({ type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: outputTokens } }, 'message_delta'));
    frames.push(frame({ type: 'message_stop' }, 'message_stop'));
    return frames;
  },
  overloaded() {
    return frame({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, 'error');
  },
  errorBody(status, message) {
    const types = { 400: 'invalid_request_error', 401: 'authentication_error', 403: 'permission_error', 404: 'not_found_error', 429: 'rate_limit_error', 529: 'overloaded_error' };
    return { type: 'error', error: { type: types[status] ?? 'api_error', message } };
  },
  assistantTurns(body) {
    return (body?.messages ?? []).filter((m) => m.role === 'assistant').length;
  },
};

export const openaiWire = {
  frames(turn, { turnIndex, model, inputTokens, includeUsage }) {
    const base = { id: `chatcmpl-mock${turnIndex}`, object: 'chat.completion.chunk', created: 1736300000 + turnIndex, model };
    const chunk = (delta, finish = null) => frame({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });
    const frames = [chunk({ role: 'assistant', content: '' })];
    if (turn.thinking) for (const part of pieces(turn.thinking, 2)) frames.push(chunk({ reasoning_content: part }));
    if (turn.text) for (const part of pieces(turn.text)) frames.push(chunk({ content: part }));
    (turn.toolCalls ?? []).forEach((call, i) => {
      frames.push(chunk({ tool_calls: [{ index: i, id: `call_mock_${turnIndex}_${i}`, type: 'function', function: { name: call.name, arguments: '' } }] }));
      for (const part of pieces(JSON.stringify(call.input))) frames.push(chunk({ tool_calls: [{ index: i, function: { arguments: part } }] }));
    });
    frames.push(chunk({}, turn.toolCalls?.length ? 'tool_calls' : 'stop'));
    if (includeUsage) {
      const completion = estimateTokens(turn);
      frames.push(frame({ ...base, choices: [], usage: { prompt_tokens: inputTokens, completion_tokens: completion, total_tokens: inputTokens + completion } }));
    }
    frames.push('data: [DONE]\n\n');
    return frames;
  },
  overloaded() {
    return frame({ error: { message: 'The server is overloaded', type: 'server_error', code: 'overloaded' } });
  },
  errorBody(status, message) {
    const types = { 400: 'invalid_request_error', 401: 'invalid_request_error', 403: 'invalid_request_error', 429: 'requests' };
    const codes = { 401: 'invalid_api_key', 429: 'rate_limit_exceeded' };
    return { error: { message, type: types[status] ?? 'server_error', param: null, code: codes[status] ?? null } };
  },
  assistantTurns(body) {
    return (body?.messages ?? []).filter((m) => m.role === 'assistant').length;
  },
};

export const geminiWire = {
  frames(turn, { turnIndex, model, inputTokens }) {
    const output = estimateTokens(turn);
    const usage = { promptTokenCount: inputTokens, candidatesTokenCount: output, totalTokenCount: inputTokens + output };
    const chunk = (parts, finishReason) => {
      const candidate = { content: { parts, role: 'model' }, index: 0 };
      if (finishReason) candidate.finishReason = finishReason;
      return `data: ${JSON.stringify({ candidates: [candidate], usageMetadata: usage, modelVersion: model, responseId: `gm-mock-${turnIndex}` })}\r\n\r\n`;
    };
    const frames = [];
    if (turn.thinking) frames.push(chunk([{ text: turn.thinking, thought: true }]));
    if (turn.text) for (const part of pieces(turn.text)) frames.push(chunk([{ text: part }]));
    // Like Gemini 3: the first call of a step carries an opaque signature the next request must return.
    const calls = (turn.toolCalls ?? []).map((call, i) => ({
      functionCall: { name: call.name, args: call.input },
      ...(i === 0 ? { thoughtSignature: geminiSignature(turnIndex) } : {}),
    }));
    if (calls.length > 0) frames.push(chunk(calls, 'STOP'));
    else frames.push(chunk([{ text: '' }], 'STOP'));
    return frames;
  },
  overloaded() {
    return `data: ${JSON.stringify({ error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' } })}\r\n\r\n`;
  },
  errorBody(status, message) {
    const statuses = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 429: 'RESOURCE_EXHAUSTED', 503: 'UNAVAILABLE' };
    return { error: { code: status, message, status: statuses[status] ?? 'INTERNAL' } };
  },
  assistantTurns(body) {
    return (body?.contents ?? []).filter((c) => c.role === 'model').length;
  },
  /** Gemini 3's check: every step's function calls come back with the signature it was given. */
  refusal(body) {
    const contents = body?.contents ?? [];
    for (const [position, content] of contents.entries()) {
      const first = (content.parts ?? []).find((part) => part.functionCall);
      if (content.role === 'model' && first && first.thoughtSignature === undefined) {
        return `Function call \`${first.functionCall.name}\` in the ${position + 1}. content block is missing a \`thought_signature\`.`;
      }
    }
    return undefined;
  },
};

function geminiSignature(turnIndex) {
  return Buffer.from(`mock-thought-state-${turnIndex}`).toString('base64');
}
