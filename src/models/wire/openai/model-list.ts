import { record, type Json } from '../../json-fields';
import { listedNumber, listedString } from '../../listing-fields';
import type { ModelPricing } from '../../model-pricing';
import type { HttpCall } from '../../transport';
import type { ListedModel, WireEndpoint } from '../../wire-format';
import { openAIHeaders } from './headers';
import { isOpenAIApi } from './endpoint';

/** OpenAI's list mixes in embedding, audio and image models that cannot chat. */
const NOT_CHAT = /embedding|tts|whisper|dall-e|davinci|babbage|moderation|transcribe|image|realtime|audio|search|computer-use/;

export function openAIModelsCall(endpoint: WireEndpoint): HttpCall {
  return { method: 'GET', url: `${endpoint.baseUrl}/models`, headers: openAIHeaders(endpoint.apiKey || undefined, false) };
}

/** GET /models: `data[]` with `id`; OpenRouter adds a name, the context length and per-token prices. */
export function parseOpenAIModels(payload: Json, endpoint: WireEndpoint): ListedModel[] {
  const openaiApi = isOpenAIApi(endpoint.baseUrl);
  const data = Array.isArray(payload.data) ? payload.data : [];
  return data.flatMap((item) => {
    const model = record(item);
    const id = listedString(model?.id);
    if (!id || (openaiApi && NOT_CHAT.test(id))) return [];
    const listed: ListedModel = { id };
    const label = listedString(model?.name);
    if (label) listed.label = label;
    const context = listedNumber(model?.context_length);
    if (context !== undefined) listed.contextWindow = context;
    const pricing = listedPricing(record(model?.pricing));
    if (pricing) listed.pricing = pricing;
    return [listed];
  });
}

/** OpenRouter's prices are dollars per token, as decimal strings. */
function listedPricing(pricing: Json | undefined): ModelPricing | undefined {
  const input = listedNumber(pricing?.prompt);
  const output = listedNumber(pricing?.completion);
  if (input === undefined || output === undefined || input < 0 || output < 0) return undefined;
  const listed: ModelPricing = { inputPerMTok: input * 1e6, outputPerMTok: output * 1e6 };
  const read = listedNumber(pricing?.input_cache_read);
  const write = listedNumber(pricing?.input_cache_write);
  if (read !== undefined) listed.cacheReadPerMTok = read * 1e6;
  if (write !== undefined) listed.cacheWritePerMTok = write * 1e6;
  return listed;
}
