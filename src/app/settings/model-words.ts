/** Sentences of the Model field's hint, joined without doubled full stops; pure, tested in node. */
import type { ListModelsResult } from '../../models/catalogue';

/** Ends a sentence with one full stop, whatever the message brought. */
export function sentence(text: string): string {
  const trimmed = text.trim().replace(/[.\s]+$/, '');
  return trimmed === '' ? '' : `${trimmed}.`;
}

/** Sentences as one line, each ending in exactly one full stop. */
export function sentences(...parts: ReadonlyArray<string | null | undefined>): string {
  return parts
    .filter((part): part is string => typeof part === 'string' && part.trim() !== '')
    .map(sentence)
    .join(' ');
}

/** What "List models" found: the provider's list, the built-in one, or that there is none to show. */
export function modelsNote(result: ListModelsResult, provider: string): string {
  if (result.source === 'provider') return `${result.models.length} model${result.models.length === 1 ? '' : 's'} listed by ${provider}.`;
  const why = result.error ?? 'the provider could not be asked';
  if (result.models.length === 0) return sentences(`Could not list the models: ${why}`, 'Type the model id the server serves');
  return sentences(`Showing the built-in list: ${why}`);
}
