/** A tiny colour tag per file type for the tree (no icon font: it would weigh on the first paint). */
const COLORS: Record<string, string> = {
  ts: '#60a5fa',
  tsx: '#60a5fa',
  js: '#facc15',
  jsx: '#facc15',
  mjs: '#facc15',
  cjs: '#facc15',
  json: '#fbbf24',
  md: '#a78bfa',
  css: '#38bdf8',
  html: '#fb923c',
  svelte: '#f97316',
  py: '#4ade80',
  sh: '#34d399',
  txt: '#94a3b8',
};

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

export function fileColor(name: string): string {
  return COLORS[extensionOf(name)] ?? '#64748b';
}
