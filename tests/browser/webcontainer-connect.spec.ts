import { expect, test } from '@playwright/test';

/**
 * A preview opened in a new tab reaches the WebContainer through /webcontainer/connect/<id>, a
 * page of the app's own origin that must call `setupConnect` from @webcontainer/api/connect and
 * must keep its opener (the preview tab, another origin). The library's module is stubbed at the
 * network edge: its chunk is answered with a recorder, since the real one would embed
 * stackblitz.com, unreachable here.
 */

type ConnectWindow = Window & { __setupConnectCalls?: unknown[] };

const STUB = `export function setupConnect(options) {
  const calls = (window.__setupConnectCalls ??= []);
  calls.push({ options: options ?? null, path: location.pathname, hasOpener: window.opener !== null });
}`;

test('connect page: a preview tab opening /webcontainer/connect/<id> gets setupConnect called, with its opener kept', async ({ page, context, baseURL }) => {
  await context.route('**/assets/webcontainer-connect-api-*.js', (route) =>
    route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: STUB }),
  );
  const documents: Array<{ url: string; status: number; coop: string | undefined }> = [];
  context.on('response', (candidate) => {
    if (candidate.request().resourceType() === 'document') {
      documents.push({ url: candidate.url(), status: candidate.status(), coop: candidate.headers()['cross-origin-opener-policy'] });
    }
  });
  // The opener stands in for the preview tab: a page without the app's isolation headers.
  await page.goto('about:blank');
  const [connectPage] = await Promise.all([
    context.waitForEvent('page'),
    page.evaluate((url) => void window.open(url, '_blank'), `${baseURL}/webcontainer/connect/preview-42`),
  ]);
  await expect(connectPage.getByRole('status')).toContainText('Relaying the preview tab');
  const response = documents.find((entry) => entry.url.endsWith('/webcontainer/connect/preview-42'));
  expect(response?.status).toBe(200);
  // No COOP here: same-origin would sever the cross-origin opener setupConnect relays to.
  expect(response?.coop).toBeUndefined();
  const calls = await connectPage.evaluate(() => (window as ConnectWindow).__setupConnectCalls);
  expect(calls).toEqual([{ options: {}, path: '/webcontainer/connect/preview-42', hasOpener: true }]);
  await connectPage.screenshot({ path: 'test-results/connect-page.png' });
});

test('connect page: opened directly, it explains itself instead of failing silently', async ({ page, context }) => {
  let stubbed = 0;
  await context.route('**/assets/webcontainer-connect-api-*.js', (route) => {
    stubbed += 1;
    return route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: STUB });
  });
  await page.goto('/webcontainer/connect/typed-by-hand');
  await expect(page.getByRole('heading', { name: 'Connecting the preview to Glassbox…' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('Open the preview from Glassbox again');
  expect(stubbed).toBe(0);
});
