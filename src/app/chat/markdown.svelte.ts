/** The markdown renderer, loaded on demand; `null` until it arrives (show plain text meanwhile). */
type Render = (source: string) => string;

export const markdown: { render: Render | null } = $state({ render: null });

let loading: Promise<void> | null = null;

export function loadMarkdown(): Promise<void> {
  loading ??= import('./markdown-engine').then((engine) => {
    markdown.render = engine.renderMarkdown;
  });
  return loading;
}
