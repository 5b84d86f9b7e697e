import { buildChatBody, type ChatRequestBody } from './openai-request';
import { OpenAIStreamMapper } from './openai-stream';
import type { ModelRequest } from './port';
import { openAIHeaders } from './provider-headers';
import { SseModelClient, type SseClientConfig } from './sse-client';
import type { HttpCall, Opened, StreamMapper } from './transport';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

export interface OpenAICompatibleConfig extends SseClientConfig {
  /** Optional: local servers (Ollama, LM Studio, vLLM) usually need none. */
  apiKey?: string;
  /** Up to and including the version segment, e.g. https://api.openai.com/v1 or http://localhost:11434/v1. */
  baseUrl?: string;
  /** Provider id reported by the client; defaults to "openai". */
  provider?: string;
  /** Server name used in error messages, e.g. "Ollama"; defaults to "OpenAI-compatible server". The label defaults to it. */
  name?: string;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/** OpenAI Chat Completions, streamed, against OpenAI or any compatible base URL. */
export class OpenAICompatibleClient extends SseModelClient {
  readonly provider: string;
  /** Cleared for the client's lifetime when the server rejects `stream_options` (older local servers). */
  private includeUsage = true;

  constructor(private readonly config: OpenAICompatibleConfig) {
    super(config, { name: config.name ?? 'OpenAI-compatible server', baseUrl: OPENAI_DEFAULT_BASE_URL });
    this.provider = config.provider ?? 'openai';
  }

  override body(request: ModelRequest): ChatRequestBody {
    const host = hostOf(this.baseUrl);
    return buildChatBody(request, {
      includeUsage: this.includeUsage,
      openaiApi: host === 'api.openai.com',
      openRouter: host === 'openrouter.ai',
    });
  }

  protected override async open(request: ModelRequest, signal: AbortSignal): Promise<Opened> {
    const opened = await super.open(request, signal);
    if (!opened.ok && this.includeUsage && opened.error.kind === 'invalid_request' && /stream_options/i.test(opened.bodyText ?? '')) {
      // Not a retry of a failure: the server does not know the option, so ask again without it.
      this.includeUsage = false;
      return super.open(request, signal);
    }
    return opened;
  }

  protected override call(request: ModelRequest): HttpCall {
    return { method: 'POST', url: `${this.baseUrl}/chat/completions`, headers: openAIHeaders(this.config.apiKey), body: this.body(request) };
  }

  protected override mapper(): StreamMapper {
    return new OpenAIStreamMapper(this.ctx);
  }
}
