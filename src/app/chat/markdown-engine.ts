/**
 * Markdown → sanitized HTML. Loaded lazily (marked + DOMPurify are not on the first paint).
 * Model output is untrusted: marked renders it, DOMPurify removes anything executable,
 * remote images are dropped (they could leak data to a URL), links open in a new tab
 * with rel="noopener noreferrer".
 */
import { Marked } from 'marked';
import DOMPurify from 'dompurify';

const marked = new Marked({ gfm: true, breaks: false, async: false });

DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

const PURIFY_CONFIG = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: ['style', 'img', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'video', 'audio', 'source', 'picture'],
  FORBID_ATTR: ['style', 'srcset'],
};

export function renderMarkdown(source: string): string {
  const html = marked.parse(source, { async: false });
  return DOMPurify.sanitize(html, PURIFY_CONFIG);
}
