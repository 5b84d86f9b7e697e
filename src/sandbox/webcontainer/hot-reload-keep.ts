/** The part of Vite's `import.meta.hot` used here: data that survives a module's hot update. */
export interface HotDataHolder {
  data: Record<string, unknown>;
}

/**
 * A value made once per page, even when the dev server hot-reloads the module that makes it. A
 * hot update re-runs the module: a module-level `new WebContainerBooter()` would forget the
 * booted container and call boot() again, which throws "Only a single WebContainer instance can
 * be booted". So, as bolt.diy does, the value lives in `import.meta.hot.data` (absent in a
 * production build, where modules run once anyway).
 */
export function keptAcrossHotReload<T>(hot: HotDataHolder | undefined, key: string, create: () => T): T {
  if (!hot) return create();
  if (!(key in hot.data)) hot.data[key] = create();
  return hot.data[key] as T;
}
