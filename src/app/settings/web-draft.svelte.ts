/** The Web access fields of the settings dialog (CORS proxy, search API and key), before Save. */
import { loadCorsProxy, saveCorsProxy } from './cors-proxy';
import { loadSearchSettings, saveSearchSettings } from './web-search-settings';
import { searchProvider } from '../../tools/web-search';

export class WebDraft {
  corsProxy = $state(loadCorsProxy() ?? '');
  searchProvider = $state(searchProvider(undefined).id);
  searchKey = $state('');
  showKey = $state(false);
  /** Why the CORS proxy cannot be saved (shown under the field). */
  proxyError = $state<string | null>(null);
  /** Saved, but only for this tab. */
  notice = $state<string | null>(null);

  async load(): Promise<void> {
    const saved = await loadSearchSettings();
    this.searchProvider = saved.provider;
    this.searchKey = saved.key;
  }

  /** Save both settings; false (with `proxyError` set) when the proxy is not a URL: nothing is saved then. */
  async save(): Promise<boolean> {
    const problem = saveCorsProxy(this.corsProxy);
    this.proxyError = problem ?? null;
    if (problem !== undefined) return false;
    this.notice = (await saveSearchSettings(this.searchProvider, this.searchKey)) ?? null;
    return true;
  }
}
