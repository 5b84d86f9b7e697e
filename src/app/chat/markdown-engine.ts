/**
 * Markdown → sanitized HTML. Loaded lazily (marked + DOMPurify are not on the first paint).
 * Model output is untrusted: marked renders it, DOMPurify removes anything executable,
 * remote images are dropped (they could leak data to a URL), links open in a new tab
 * with rel="noopener noreferrer".
 *
 * HTML the model writes in prose ("Put a <style> element in the page.") is shown as written, as
 * text: it is never live anyway, and parsed as HTML a raw-text tag (<style>, <title>, <textarea>,
 * <xmp>…) would swallow the rest of the answer.
 */
import { Marked } from 'marked';
import DOMPurify from 'dompurify';

const marked = new Marked({ gfm: true, breaks: false, async: false });

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

marked.use({
  renderer: {
    // Block and inline HTML alike: its source, as text. A block keeps its own paragraph.
    html({ text, block }) {
      return block ? `<p>${escapeHtml(text.trim())}</p>\n` : escapeHtml(text);
    },
  },
});

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
