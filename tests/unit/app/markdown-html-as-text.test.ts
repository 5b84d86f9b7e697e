// @vitest-environment jsdom
/**
 * HTML the model mentions in prose is shown as written: for every HTML element name, a sentence
 * with the tag outside backticks keeps its text and the paragraphs after it, and no element of
 * that name is created.
 */
import { htmlTagNames } from 'html-tag-names';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../../src/app/chat/markdown-engine';

function rendered(source: string): HTMLElement {
  const host = document.createElement('div');
  host.innerHTML = renderMarkdown(source);
  return host;
}

describe('inline HTML in answers renders as text', () => {
  it.each(htmlTagNames)('<%s> in prose', (name) => {
    const source = `Put a <${name}> element in the page.\n\nThen close it with </${name}> and carry on.\n\nA last paragraph.`;
    const host = rendered(source);
    const text = host.textContent ?? '';
    expect(text).toContain(`Put a <${name}> element in the page.`);
    expect(text).toContain(`Then close it with </${name}> and carry on.`);
    expect(text).toContain('A last paragraph.');
    expect(host.querySelectorAll('p')).toHaveLength(3);
    // Only the three paragraphs markdown made: the tag named in the prose created nothing.
    expect(host.getElementsByTagName(name)).toHaveLength(name === 'p' ? 3 : 0);
  });

  it('a block of HTML shows its source; markdown and code around it still render', () => {
    const host = rendered('Use this:\n\n<div class="x">\n  <style>p { color: red }</style>\n</div>\n\nand **bold** with `<b>code</b>`.');
    expect(host.textContent).toContain('<style>p { color: red }</style>');
    expect(host.querySelector('style')).toBeNull();
    expect(host.querySelector('strong')?.textContent).toBe('bold');
    expect(host.querySelector('code')?.textContent).toBe('<b>code</b>');
  });

  it('escaped text cannot run: an onerror attribute stays text', () => {
    const host = rendered('Try <img src=x onerror="alert(1)"> here.');
    expect(host.querySelector('img')).toBeNull();
    expect(host.textContent).toContain('<img src=x onerror="alert(1)">');
  });
});
