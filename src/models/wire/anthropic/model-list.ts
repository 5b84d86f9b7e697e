import { record, type Json } from '../../json-fields';
import { listedString } from '../../listing-fields';
import type { HttpCall } from '../../transport';
import type { ListedModel, WireEndpoint } from '../../wire-format';
import { anthropicHeaders } from './headers';

export function anthropicModelsCall(endpoint: WireEndpoint): HttpCall {
  return { method: 'GET', url: `${endpoint.baseUrl}/v1/models?limit=1000`, headers: anthropicHeaders(endpoint.apiKey ?? '', false) };
}

/** GET /v1/models: `data[]` with `id` and `display_name`. */
export function parseAnthropicModels(payload: Json): ListedModel[] {
  const data = Array.isArray(payload.data) ? payload.data : [];
  return data.flatMap((item) => {
    const model = record(item);
    const id = listedString(model?.id);
    if (!id) return [];
    const listed: ListedModel = { id };
    const label = listedString(model?.display_name);
    if (label) listed.label = label;
    return [listed];
  });
}
