import type { WireFormat } from '../../wire-format';
import { anthropicHeaders } from './headers';
import { anthropicModelsCall, parseAnthropicModels } from './model-list';
import { claudeThinkingHint } from './thinking';

export const ANTHROPIC_WIRE: WireFormat<'anthropic'> = {
  id: 'anthropic',
  label: 'Anthropic Messages',
  vendor: 'anthropic',
  serverName: 'Anthropic',
  defaultBaseUrl: 'https://api.anthropic.com',
  keyHeader: 'x-api-key',
  headers: (apiKey, json) => anthropicHeaders(apiKey ?? '', json),
  baseUrlHint: (defaultBaseUrl) => `Default: ${defaultBaseUrl}`,
  thinkingHint: ({ model }) => claudeThinkingHint(model),
  listModelsCall: anthropicModelsCall,
  parseModelList: parseAnthropicModels,
  loadCodec: async () => (await import('./codec')).ANTHROPIC_CODEC,
};
