/* global internal */
/* Guest module `os`: what a small program asks about its machine, answered honestly for the sandbox. */
'use strict';

const signals = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15, SIGUSR1: 10, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGCHLD: 17 };
const errno = { EPERM: 1, ENOENT: 2, EBADF: 9, EACCES: 13, EEXIST: 17, ENOTDIR: 20, EISDIR: 21, EINVAL: 22, ENOTEMPTY: 39 };

function memory() {
  return internal.memoryUsage();
}

module.exports = {
  EOL: '\n',
  devNull: '/dev/null',
  constants: { signals, errno, priority: {} },
  arch: () => 'wasm32',
  machine: () => 'wasm32',
  platform: () => 'linux',
  type: () => 'Linux',
  release: () => `quickjs-${internal.config.versions.quickjs}`,
  version: () => 'Glassbox offline sandbox (QuickJS in WebAssembly)',
  hostname: () => 'glassbox',
  homedir: () => process.env.HOME || '/',
  tmpdir: () => {
    const dir = process.env.TMPDIR || process.env.TMP || process.env.TEMP || '/tmp';
    return dir.length > 1 && dir.endsWith('/') ? dir.slice(0, -1) : dir;
  },
  endianness: () => 'LE',
  uptime: () => Math.floor(process.uptime()),
  loadavg: () => [0, 0, 0],
  totalmem: () => memory().limit,
  freemem: () => Math.max(0, memory().limit - memory().used),
  availableParallelism: () => 1,
  cpus: () => [{ model: 'QuickJS (WebAssembly)', speed: 0, times: { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 } }],
  networkInterfaces: () => ({}),
  userInfo: () => ({ uid: 0, gid: 0, username: process.env.USER || 'user', homedir: process.env.HOME || '/', shell: '/bin/bash' }),
  getPriority: () => 0,
  setPriority: () => {},
};
