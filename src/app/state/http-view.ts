/**
 * The inspector's "HTTP request" view: provider clients can describe the exact call they
 * send (headers with the key shown as "[redacted]"). Described lazily, when the user opens it.
 */
import type { ModelClient, ModelRequest } from '../../models/port';
import type { HttpRequestDescription } from '../../models/transport';
import type { ViewState } from './fold';

type Describer = (request: ModelRequest) => HttpRequestDescription;

function describerOf(model: ModelClient): Describer | undefined {
  const candidate = (model as ModelClient & { describe?: unknown }).describe;
  return typeof candidate === 'function' ? (candidate as Describer).bind(model) : undefined;
}

/** Attach the HTTP description to the newest inspector entry (the request just folded in). */
export function withHttpView(view: ViewState, model: ModelClient, request: ModelRequest): ViewState {
  const describe = describerOf(model);
  const last = view.requests[view.requests.length - 1];
  if (!describe || !last || last.request !== request) return view;
  const requests = view.requests.slice();
  requests[requests.length - 1] = { ...last, describeHttp: () => describe(request) };
  return { ...view, requests };
}
