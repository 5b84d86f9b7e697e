import type { Json } from './json-fields';
import type { ModelPricing } from './model-pricing';
import type { ModelError, ModelRequest } from './port';
import type { ProviderContext } from './provider-error';
import type { HttpCall, StreamMapper } from './transport';

/**
 * A provider wire protocol (Anthropic Messages, OpenAI Chat Completions, Gemini generateContent)
 * described by one object, so the rest of the app asks it instead of branching on its id. The
 * light half (settings text, headers, model listing) is always loaded; the codec, which builds
 * requests and maps streams, loads the first time a client for this format is made.
 * Every format lives in its own folder under ./wire and is registered in ./wire/index.ts.
 */
export interface WireFormat<Id extends string = string> {
  readonly id: Id;
  /** The protocol's name for people, e.g. "Anthropic Messages". */
  readonly label: string;
  /** The provider whose own API this is: the catalogue's models of this format are its models. */
  readonly vendor: string;
  /** Who answers, in error messages, when a client is given no provider name. */
  readonly serverName: string;
  /** Used when a client is given no base URL. */
  readonly defaultBaseUrl: string;
  /** The request header that carries the key (always redacted where a request is shown). */
  readonly keyHeader: string;
  /** Headers for a call to this protocol; `json` adds the content type of a request with a body. */
  headers(apiKey: string | undefined, json?: boolean): Record<string, string>;
  /** The line under the settings' base-URL field. */
  baseUrlHint(defaultBaseUrl: string): string;
  /** In plain words, what the thinking budget is sent as for this model; undefined when it goes out as a budget. */
  thinkingHint(context: ThinkingHintContext): string | undefined;
  /** The GET that lists the models an endpoint serves. */
  listModelsCall(endpoint: WireEndpoint): HttpCall;
  /** The chat models in a model list's JSON body. */
  parseModelList(payload: Json, endpoint: WireEndpoint): ListedModel[];
  /** Request building and stream mapping (a dynamic import: a user who never picks this format never downloads it). */
  loadCodec(): Promise<WireCodec>;
}

/** Where calls go: the base URL without a trailing slash, and the key when there is one. */
export interface WireEndpoint {
  baseUrl: string;
  apiKey?: string;
}

export interface ThinkingHintContext {
  model: string;
  budget: number;
  /** The base URL the request would go to (some controls only exist on the vendor's own API). */
  baseUrl: string;
}

/** What a provider's model list says about one model, before the catalogue fills in what it knows. */
export interface ListedModel {
  id: string;
  label?: string;
  contextWindow?: number;
  maxOutputTokens?: number;
  pricing?: ModelPricing;
  thinking?: boolean;
}

/** A non-2xx answer as the client saw it. */
export interface WireRefusal {
  error: ModelError;
  bodyText?: string;
}

/** The half of a wire format that talks to the model: builds each HTTP call and reads the stream back. */
export interface WireCodec {
  /** The HTTP call for `request`, with the real key: never show it (the inspector gets a redacted copy). */
  call(request: ModelRequest, endpoint: WireEndpoint): HttpCall;
  /** A fresh mapper from one response stream to ModelEvents. */
  mapper(ctx: ProviderContext): StreamMapper;
  /**
   * After a refusal: a codec that leaves out what this server did not know, to ask once more with
   * (not a retry of a failure); undefined to report the refusal.
   */
  fallback?(refusal: WireRefusal): WireCodec | undefined;
}
