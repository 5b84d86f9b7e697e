/// <reference types="svelte" />
/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** WebContainer API key built into this deployment (commercial production use); see README "Hosting". */
  readonly VITE_WEBCONTAINER_API_KEY?: string;
}
