import type { WireFormat } from '../../wire-format';
import { geminiHeaders } from './headers';
import { geminiModelsCall, parseGeminiModels } from './model-list';
import { geminiThinkingHint } from './thinking';

export const GEMINI_WIRE: WireFormat<'gemini'> = {
  id: 'gemini',
  label: 'Gemini generateContent',
  vendor: 'gemini',
  serverName: 'Gemini',
  defaultBaseUrl: 'https://generativelanguage.googleapis.com',
  keyHeader: 'x-goog-api-key',
  headers: (apiKey, json) => geminiHeaders(apiKey ?? '', json),
  baseUrlHint: (defaultBaseUrl) => `Default: ${defaultBaseUrl}`,
  thinkingHint: ({ model, budget }) => geminiThinkingHint(model, budget),
  listModelsCall: geminiModelsCall,
  parseModelList: parseGeminiModels,
  loadCodec: async () => (await import('./codec')).GEMINI_CODEC,
};
