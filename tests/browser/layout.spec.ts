import { expect, test, type Locator } from '@playwright/test';

/**
 * A teacher projecting Glassbox: a 1024×700 window zoomed to 150% leaves a 683×467 CSS-pixel
 * viewport. Every control must stay on screen (nothing clipped out of reach), and the
 * editor's placeholder must not spill over the terminal.
 */

const ZOOMED = { width: 683, height: 467 };

test.use({ viewport: ZOOMED, deviceScaleFactor: 1.5 });

async function expectInside(locator: Locator, what: string): Promise<void> {
  const box = await locator.boundingBox();
  expect(box, `${what} is rendered`).not.toBeNull();
  if (!box) return;
  expect(box.x, `${what} starts inside the window`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${what} ends inside the window`).toBeLessThanOrEqual(ZOOMED.width + 0.5);
  expect(box.y + box.height, `${what} is above the bottom edge`).toBeLessThanOrEqual(ZOOMED.height + 0.5);
}

test('at 150% zoom on a 1024×700 window every control stays reachable', async ({ page }) => {
  // Record the terminal's right edge on every frame from the first paint, so a transient
  // overflow while xterm mounts (before its fit runs) fails here, not by luck of timing.
  await page.addInitScript(() => {
    const overflow: string[] = [];
    (window as unknown as { __terminalOverflow: string[] }).__terminalOverflow = overflow;
    const sample = (): void => {
      const terminal = document.querySelector('section[aria-label="Terminal"]');
      const column = terminal?.parentElement;
      if (terminal && column) {
        const t = terminal.getBoundingClientRect();
        const c = column.getBoundingClientRect();
        if (t.right > c.right + 0.5) overflow.push(`terminal right ${Math.round(t.right)} > column right ${Math.round(c.right)}`);
      }
      requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
  });
  await page.goto('/');
  await expect(page.locator('[data-sandbox-state="ready"]')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('region', { name: 'Terminal' }).getByText("shell on the agent's sandbox")).toBeVisible();
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const overflow = await page.evaluate(() => (window as unknown as { __terminalOverflow: string[] }).__terminalOverflow);
  expect(overflow.slice(0, 3), 'the terminal never grows past its column').toEqual([]);

  const controls: Array<[Locator, string]> = [
    [page.getByRole('button', { name: 'Run demo task' }), 'Run demo task'],
    [page.getByRole('button', { name: 'Model settings', exact: true }), 'Model settings'],
    [page.getByRole('combobox', { name: 'Permission mode' }), 'Permission mode'],
    [page.getByRole('button', { name: 'New chat' }), 'New chat'],
    [page.getByRole('tab', { name: /Inspector/ }), 'Inspector tab'],
    [page.getByRole('textbox', { name: 'Message the agent' }), 'chat input'],
    [page.getByRole('button', { name: 'Send' }), 'Send'],
    [page.getByRole('region', { name: 'Terminal' }), 'terminal'],
  ];
  for (const [locator, what] of controls) await expectInside(locator, what);

  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);

  // The editor's empty state stays in the editor: nothing of it is drawn over the terminal
  // (its top edge and sides are left out: the splitters' grab areas overlap them).
  const strays = await page.evaluate(() => {
    const terminal = document.querySelector('section[aria-label="Terminal"]');
    if (!terminal) return ['no terminal'];
    const box = terminal.getBoundingClientRect();
    const found: string[] = [];
    for (let y = box.top + 8; y < Math.min(box.bottom, box.top + 60); y += 6) {
      for (let x = box.left + 8; x < box.right - 16; x += 12) {
        const hit = document.elementFromPoint(x, y);
        if (hit && !terminal.contains(hit)) found.push(`${Math.round(x)},${Math.round(y)}: ${hit.textContent?.trim().slice(0, 40) ?? hit.tagName}`);
      }
    }
    return found;
  });
  expect(strays).toEqual([]);
});
