import { expect, test } from '@playwright/test';

/**
 * A boot that hangs, as behind a content blocker: the runtime origin answers the probe, but its
 * frame never says `init`. After the boot timeout (20 s) the app falls back, says what probably
 * happened, and offers "Reload page" instead of a Retry that could never succeed (the library
 * keeps the pending frame's promise for the page's lifetime).
 */
test('a hanging boot falls back after its timeout and offers a reload, not a Retry', async ({ page }) => {
  test.setTimeout(90_000);
  // Reachable (the probe's no-cors GET gets an answer), but the frame never posts `init`.
  await page.context().route('https://stackblitz.com/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>blocked runtime</title>' }),
  );
  await page.goto('/');
  await expect(page.getByTestId('status-sandbox')).toHaveAttribute('data-webcontainer-state', 'booting', { timeout: 10_000 });

  const banner = page.getByTestId('fallback-banner');
  await expect(banner).toBeVisible({ timeout: 40_000 });
  await expect(banner).toContainText('WebContainer could not start: the runtime did not answer within 20 s');
  await expect(banner).toContainText('reload the page');
  await expect(banner.getByRole('button', { name: 'Retry' })).toHaveCount(0);
  const reload = banner.getByRole('button', { name: 'Reload page' });
  await expect(reload).toBeEnabled();
  // The offline sandbox is in use meanwhile.
  await expect(page.locator('[data-sandbox-state="ready"]')).toBeVisible();
  await page.screenshot({ path: 'test-results/hang-reload-banner.png' });

  const reloaded = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() });
  await reload.click();
  await reloaded;
});
