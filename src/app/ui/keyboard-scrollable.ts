/**
 * A Svelte action for text boxes that scroll (code, tool output, diffs): while the content
 * overflows, the box takes keyboard focus, so it can be scrolled with the arrow keys; when it
 * fits, it is no extra tab stop.
 */
export function keyboardScrollable(node: HTMLElement): { destroy: () => void } {
  const update = (): void => {
    const overflows = node.scrollHeight > node.clientHeight + 1 || node.scrollWidth > node.clientWidth + 1;
    if (overflows) node.tabIndex = 0;
    else node.removeAttribute('tabindex');
  };
  const resized = new ResizeObserver(update);
  resized.observe(node);
  // Streamed output grows without the box resizing.
  const changed = new MutationObserver(update);
  changed.observe(node, { childList: true, characterData: true, subtree: true });
  update();
  return {
    destroy() {
      resized.disconnect();
      changed.disconnect();
    },
  };
}

/** keyboardScrollable for every `pre` inside `node`, as rendered HTML (markdown) adds and replaces them. */
export function keyboardScrollableBlocks(node: HTMLElement): { destroy: () => void } {
  const tracked = new Map<HTMLElement, () => void>();
  const sync = (): void => {
    const current = new Set<HTMLElement>(node.querySelectorAll('pre'));
    for (const [pre, destroy] of tracked) {
      if (current.has(pre)) continue;
      destroy();
      tracked.delete(pre);
    }
    for (const pre of current) if (!tracked.has(pre)) tracked.set(pre, keyboardScrollable(pre).destroy);
  };
  const changed = new MutationObserver(sync);
  changed.observe(node, { childList: true, subtree: true });
  sync();
  return {
    destroy() {
      changed.disconnect();
      for (const destroy of tracked.values()) destroy();
      tracked.clear();
    },
  };
}
