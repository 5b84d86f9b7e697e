import { createWebContainerSandbox } from '../../../src/sandbox/webcontainer/adapter';
import { runSandboxContract } from './contract';
import { FakeWebContainer } from './fake-webcontainer';

// The adapter's own logic against a fake that implements @webcontainer/api's types.
runSandboxContract('webcontainer (fake runtime)', async () => createWebContainerSandbox(new FakeWebContainer()));
runSandboxContract('webcontainer (fake runtime with terminal colours)', async () =>
  createWebContainerSandbox(new FakeWebContainer({ ansi: true, outputCloseDelayMs: 20 })),
);
runSandboxContract('webcontainer (fake runtime reading export excludes from the workdir)', async () =>
  createWebContainerSandbox(new FakeWebContainer({ excludesFrom: 'workdir' })),
);
