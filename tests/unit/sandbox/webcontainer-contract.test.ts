import { createWebContainerSandbox } from '../../../src/sandbox/webcontainer/adapter';
import { runSandboxContract } from './contract';
import { FakeWebContainer } from './fake-webcontainer';

// The adapter's own logic against a fake that implements @webcontainer/api's types.
runSandboxContract('webcontainer (fake runtime)', async () => createWebContainerSandbox(new FakeWebContainer()));
runSandboxContract('webcontainer (fake runtime with terminal colours)', async () =>
  createWebContainerSandbox(new FakeWebContainer({ ansi: true, outputCloseDelayMs: 20 })),
);
