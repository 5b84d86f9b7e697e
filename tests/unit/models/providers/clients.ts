/** Clients of each wire format, made synchronously (the app loads the codecs on demand instead). */
import { ANTHROPIC_WIRE } from '../../../../src/models/wire/anthropic';
import { ANTHROPIC_CODEC } from '../../../../src/models/wire/anthropic/codec';
import { GEMINI_WIRE } from '../../../../src/models/wire/gemini';
import { GEMINI_CODEC } from '../../../../src/models/wire/gemini/codec';
import { OPENAI_WIRE } from '../../../../src/models/wire/openai';
import { OPENAI_CODEC } from '../../../../src/models/wire/openai/codec';
import { WireClient, type WireClientConfig } from '../../../../src/models/wire-client';

export function anthropicClient(config: WireClientConfig = {}): WireClient {
  return new WireClient(ANTHROPIC_WIRE, ANTHROPIC_CODEC, config);
}

export function openAIClient(config: WireClientConfig = {}): WireClient {
  return new WireClient(OPENAI_WIRE, OPENAI_CODEC, config);
}

export function geminiClient(config: WireClientConfig = {}): WireClient {
  return new WireClient(GEMINI_WIRE, GEMINI_CODEC, config);
}
