import type { WireFormat } from '../../wire-format';
import { openAIHeaders } from './headers';
import { openAIModelsCall, parseOpenAIModels } from './model-list';
import { openAIThinkingHint } from './thinking';

/** Chat Completions: OpenAI itself, and every server that copies its API (OpenRouter, Groq, Ollama, vLLM, …). */
export const OPENAI_WIRE: WireFormat<'openai'> = {
  id: 'openai',
  label: 'OpenAI Chat Completions',
  vendor: 'openai',
  serverName: 'OpenAI-compatible server',
  defaultBaseUrl: 'https://api.openai.com/v1',
  keyHeader: 'authorization',
  headers: openAIHeaders,
  // Compatible servers differ in where their API starts; the version segment is the usual mistake.
  // The example is the provider's own default (Ollama's port for Ollama, vLLM's for "Other"…).
  baseUrlHint: (defaultBaseUrl) => `Up to and including /v1, e.g. ${defaultBaseUrl}.`,
  thinkingHint: ({ model, budget, baseUrl }) => openAIThinkingHint(model, budget, baseUrl),
  listModelsCall: openAIModelsCall,
  parseModelList: parseOpenAIModels,
  loadCodec: async () => (await import('./codec')).OPENAI_CODEC,
};
