import type { WireFormat } from '../wire-format';
import { ANTHROPIC_WIRE } from './anthropic';
import { GEMINI_WIRE } from './gemini';
import { OPENAI_WIRE } from './openai';

/**
 * Every wire format Glassbox speaks. A new one is a folder next to these (its index.ts exports the
 * WireFormat object; codec.ts, loaded on demand, builds requests and maps streams) and one line
 * here; tests/unit/models/providers/wire-contract.test.ts then asks for its recorded fixtures.
 */
export const WIRE_FORMATS = [ANTHROPIC_WIRE, OPENAI_WIRE, GEMINI_WIRE] as const;

/** 'anthropic' | 'openai' | 'gemini': the ids of the registered formats. */
export type WireId = (typeof WIRE_FORMATS)[number]['id'];

export function wireFormat(id: WireId): WireFormat<WireId> {
  const format = WIRE_FORMATS.find((candidate) => candidate.id === id);
  // Unreachable while WireId comes from the table; kept so a bad cast fails loudly.
  if (!format) throw new Error(`Unknown wire format "${id}".`);
  return format;
}
