import { record, type Json } from '../../json-fields';
import { listedNumber, listedString } from '../../listing-fields';
import type { HttpCall } from '../../transport';
import type { ListedModel, WireEndpoint } from '../../wire-format';
import { geminiHeaders } from './headers';

export function geminiModelsCall(endpoint: WireEndpoint): HttpCall {
  return { method: 'GET', url: `${endpoint.baseUrl}/v1beta/models?pageSize=1000`, headers: geminiHeaders(endpoint.apiKey ?? '', false) };
}

/** GET /v1beta/models: `models[]` named "models/…", with token limits; only those that can generateContent chat. */
export function parseGeminiModels(payload: Json): ListedModel[] {
  const models = Array.isArray(payload.models) ? payload.models : [];
  return models.flatMap((item) => {
    const model = record(item);
    const name = listedString(model?.name);
    const methods = Array.isArray(model?.supportedGenerationMethods) ? model.supportedGenerationMethods : [];
    if (!name || !methods.includes('generateContent')) return [];
    const listed: ListedModel = { id: name.replace(/^models\//, '') };
    const label = listedString(model?.displayName);
    if (label) listed.label = label;
    const input = listedNumber(model?.inputTokenLimit);
    if (input !== undefined) listed.contextWindow = input;
    const output = listedNumber(model?.outputTokenLimit);
    if (output !== undefined) listed.maxOutputTokens = output;
    if (typeof model?.thinking === 'boolean') listed.thinking = model.thinking;
    return [listed];
  });
}
