export function ensureChromium(options?: { log?: (line: string) => void }): string | null;
