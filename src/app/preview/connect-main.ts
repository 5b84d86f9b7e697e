import { startConnectPage } from './connect-page';

// The connect page's entry (webcontainer/connect/index.html): the real browser.
const status = document.getElementById('connect-status');
void startConnectPage({
  pathname: window.location.pathname,
  hasOpener: window.opener !== null,
  loadConnect: () => import('./webcontainer-connect-api'),
  say: (text) => {
    if (status) status.textContent = text;
  },
});
