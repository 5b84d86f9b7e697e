/**
 * Labels short enough for a phone's header, where the long ones would be cut mid-word:
 * "Anthropic · claude-sonnet-4-5" shows the model, "Demo model (scripted)" drops the aside.
 */
export function shortModelLabel(label: string): string {
  const at = label.lastIndexOf(' · ');
  if (at >= 0) return label.slice(at + 3).trim() || label;
  return label.replace(/\s*\([^)]*\)\s*$/, '').trim() || label;
}
