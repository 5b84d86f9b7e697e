import type { BootOptions, WebContainer } from '@webcontainer/api';

/**
 * The part of @webcontainer/api's WebContainer that the adapter uses. A Pick of the real type,
 * so the real instance satisfies it and a test fake can drive the adapter. Type-only import:
 * nothing from @webcontainer/api is loaded by this module.
 */
export type WebContainerLike = Pick<WebContainer, 'fs' | 'spawn' | 'export' | 'mount' | 'on' | 'workdir'>;

/** The fs part of a WebContainer (`FileSystemAPI`). */
export type WebContainerFs = WebContainerLike['fs'];

/** A process from `spawn` (`WebContainerProcess`). */
export type WebContainerProcessLike = Awaited<ReturnType<WebContainerLike['spawn']>>;

/** The module surface the boot code needs; `import('@webcontainer/api')` satisfies it. */
export interface WebContainerApiLike {
  WebContainer: { boot(options?: BootOptions): Promise<WebContainerLike> };
  configureAPIKey(key: string): void;
}
