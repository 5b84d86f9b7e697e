/** Which server a Chat Completions base URL points at: some parameters exist only on one vendor's API. */

export function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/** OpenAI's own API, which alone takes `reasoning_effort` and `max_completion_tokens`; compatible servers do not. */
export function isOpenAIApi(baseUrl: string): boolean {
  return hostOf(baseUrl) === 'api.openai.com';
}

/** OpenRouter, whose `reasoning.max_tokens` takes a thinking budget. */
export function isOpenRouter(baseUrl: string): boolean {
  return hostOf(baseUrl) === 'openrouter.ai';
}
