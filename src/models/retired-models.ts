/**
 * Models the providers have shut down, so a saved or typed id can be recognised before a request
 * fails, with what to use instead. Ids are as the providers spell them (dated snapshots too).
 */

export interface RetiredModel {
  /** When requests stopped being served, in words. */
  when: string;
  /** A current model of the same provider and tier. */
  replacement: string;
}

const SHUT_DOWN: ReadonlyArray<[ids: string[], model: RetiredModel]> = [
  [['gemini-2.5-flash', 'gemini-2.5-pro', 'gemini-2.5-flash-nothinking'], { when: 'November 2026', replacement: 'gemini-3.8-flash' }],
  [['gemini-2.0-flash', 'gemini-2.0-flash-001', 'gemini-2.0-flash-lite', 'gemini-2.0-flash-lite-001'], { when: 'June 2026', replacement: 'gemini-3.8-flash' }],
  [['o4-mini', 'o4-mini-2025-04-16', 'o3-mini', 'o3-mini-2025-01-31', 'gpt-4.1-nano', 'gpt-4.1-nano-2025-04-14'], { when: 'October 2026', replacement: 'gpt-6.1-terra' }],
  [['llama-3.3-70b-versatile', 'llama-3.1-8b-instant'], { when: 'August 2026', replacement: 'openai/gpt-oss-120b' }],
  [
    ['claude-3-7-sonnet-latest', 'claude-3-7-sonnet-20250219', 'claude-3-5-sonnet-latest', 'claude-3-5-sonnet-20241022', 'claude-sonnet-4-0', 'claude-sonnet-4-20250514'],
    { when: '2026', replacement: 'claude-sonnet-5' },
  ],
  [['claude-opus-4-0', 'claude-opus-4-20250514', 'claude-3-opus-latest', 'claude-3-opus-20240229'], { when: '2026', replacement: 'claude-opus-5-5' }],
  [['claude-3-5-haiku-latest', 'claude-3-5-haiku-20241022', 'claude-3-haiku-20240307'], { when: '2026', replacement: 'claude-haiku-4-5' }],
];

const BY_ID = new Map(SHUT_DOWN.flatMap(([ids, model]) => ids.map((id) => [id, model] as const)));

/** The shut-down model this id names ("models/…" prefixes and case aside), if it is one. */
export function retiredModel(modelId: string): RetiredModel | undefined {
  return BY_ID.get(modelId.trim().toLowerCase().replace(/^models\//, ''));
}
