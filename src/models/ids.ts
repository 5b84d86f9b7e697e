/**
 * A tool_use id for providers that send none (Gemini, some OpenAI-compatible servers).
 * Letters, digits and `_` only, so the id stays valid if the user later switches the
 * conversation to Anthropic (which requires ^[a-zA-Z0-9_-]+$).
 * Uses getRandomValues, which (unlike randomUUID) also works on plain-http LAN pages.
 */
export function syntheticToolUseId(prefix = 'toolu'): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return `${prefix}_${hex}`;
}

/** Whether `id` is one `syntheticToolUseId` made (so no provider ever saw it as its own). */
export function isSyntheticToolUseId(id: string): boolean {
  return /^[a-z]+_[0-9a-f]{24}$/.test(id);
}
