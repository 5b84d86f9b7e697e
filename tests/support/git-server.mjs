/**
 * A real smart-HTTP git server on loopback for tests and the bench: a Node http server that runs
 * `git http-backend` as a CGI for each request (GIT_PROJECT_ROOT, GIT_HTTP_EXPORT_ALL), adds CORS
 * headers (answering the OPTIONS preflight itself) so the page reaches it directly, and can:
 * - ask for basic auth on some repositories (`private: { 'secret.git': 'the-token' }`, any user name);
 * - drop the connection in the middle of a pack (`dropMidPack: true`, or per repository name);
 * - hold a pack back until `release()` (`stallPack`), so a test can watch progress or cancel mid-clone.
 * Repositories are made with real git by `makeRepository`.
 */
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, git-protocol, user-agent, x-authorization',
  'access-control-expose-headers': 'content-type, www-authenticate',
  'access-control-max-age': '600',
};

const git = (cwd, ...args) =>
  execFileSync('git', args, {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com', GIT_CONFIG_NOSYSTEM: '1', HOME: cwd },
  }).toString().trim();

/**
 * Make `<root>/<name>` (a bare repository) from commits: each a map of path → contents (a string,
 * or a Buffer for binary). Returns the commit shas in order. `tags` names a commit index per tag;
 * `branches` adds branches at a commit index.
 */
export function makeRepository(root, name, { commits, tags = {}, branches = {}, defaultBranch = 'main' }) {
  const work = join(root, `${name}.work`);
  mkdirSync(work, { recursive: true });
  git(work, 'init', '-q', '-b', defaultBranch);
  const shas = [];
  commits.forEach((files, index) => {
    for (const [path, contents] of Object.entries(files)) {
      mkdirSync(dirname(join(work, path)), { recursive: true });
      writeFileSync(join(work, path), contents);
    }
    git(work, 'add', '-A');
    git(work, 'commit', '-q', '-m', `commit ${index + 1}`);
    shas.push(git(work, 'rev-parse', 'HEAD'));
  });
  for (const [tag, at] of Object.entries(tags)) git(work, 'tag', tag, shas[at]);
  for (const [branch, at] of Object.entries(branches)) git(work, 'branch', branch, shas[at]);
  const bare = join(root, name.endsWith('.git') ? name : `${name}.git`);
  execFileSync('git', ['clone', '-q', '--bare', work, bare]);
  git(bare, 'config', 'http.receivepack', 'true');
  git(bare, 'config', 'uploadpack.allowAnySHA1InWant', 'true');
  return shas;
}

/** Start the server on 127.0.0.1 (port 0: a free one). Resolves { url, port, close() }. */
export function startGitServer({ root, port = 0, private: privateRepos = {}, dropMidPack = false, stallPack = false } = {}) {
  const stalled = [];
  let released = false;
  const server = createServer((request, response) => {
    if (request.method === 'OPTIONS') {
      response.writeHead(204, CORS);
      response.end();
      return;
    }
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const repo = url.pathname.split('/').filter(Boolean)[0] ?? '';
    const token = privateRepos[repo];
    if (token !== undefined) {
      const header = request.headers.authorization ?? '';
      const given = header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString().split(':').slice(1).join(':') : undefined;
      if (given === undefined) {
        response.writeHead(401, { ...CORS, 'www-authenticate': 'Basic realm="git"', 'content-type': 'text/plain' });
        response.end('authentication required\n');
        return;
      }
      if (given !== token) {
        response.writeHead(403, { ...CORS, 'content-type': 'text/plain' });
        response.end('forbidden\n');
        return;
      }
    }
    const isPack = request.method === 'POST' && url.pathname.endsWith('/git-upload-pack');
    const drop = isPack && (dropMidPack === true || (Array.isArray(dropMidPack) && dropMidPack.includes(repo)));
    const stall = isPack && (stallPack === true || (Array.isArray(stallPack) && stallPack.includes(repo)));
    const cgi = spawn('git', ['http-backend'], {
      env: {
        ...process.env,
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.replace(/^\?/, ''),
        REQUEST_METHOD: request.method ?? 'GET',
        CONTENT_TYPE: request.headers['content-type'] ?? '',
        REMOTE_USER: token !== undefined ? 'user' : '',
        REMOTE_ADDR: '127.0.0.1',
        GIT_PROTOCOL: String(request.headers['git-protocol'] ?? ''),
        HTTP_CONTENT_ENCODING: String(request.headers['content-encoding'] ?? ''),
      },
    });
    request.pipe(cgi.stdin);
    let head = Buffer.alloc(0);
    let headersDone = false;
    let sent = 0;
    const send = (chunk) => {
      if (drop && sent + chunk.length > 200) {
        // Part of the pack, then the connection goes.
        response.write(chunk.subarray(0, Math.max(0, 200 - sent)));
        response.socket?.destroy();
        cgi.kill();
        return;
      }
      sent += chunk.length;
      response.write(chunk);
    };
    /** Chunks held back while the pack is stalled. */
    let held;
    let ended = false;
    cgi.stdout.on('data', (chunk) => {
      if (held) {
        held.push(chunk);
        return;
      }
      if (headersDone) {
        send(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      headersDone = true;
      const headers = { ...CORS };
      let status = 200;
      for (const line of head.subarray(0, end).toString().split('\r\n')) {
        const colon = line.indexOf(':');
        if (colon < 0) continue;
        const name = line.slice(0, colon).trim().toLowerCase();
        const value = line.slice(colon + 1).trim();
        if (name === 'status') status = Number.parseInt(value, 10);
        else headers[name] = value;
      }
      response.writeHead(status, headers);
      const rest = head.subarray(end + 4);
      if (stall && !released) {
        // Some of the pack, then nothing until `release()` (or the client gives up).
        const first = rest.subarray(0, Math.min(rest.length, 100));
        if (first.length > 0) response.write(first);
        held = [rest.subarray(first.length)];
        stalled.push(() => {
          for (const chunk of held ?? []) if (chunk.length > 0) send(chunk);
          held = undefined;
          if (ended && !response.destroyed) response.end();
        });
        return;
      }
      if (rest.length > 0) send(rest);
    });
    cgi.stdout.on('end', () => {
      ended = true;
      if (!held && !response.destroyed) response.end();
    });
    response.on('close', () => cgi.kill());
    cgi.stderr.resume();
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      resolve({
        port: actual,
        url: `http://127.0.0.1:${actual}`,
        /** Let held packs go on, and stop holding new ones. */
        release: () => {
          released = true;
          for (const resume of stalled.splice(0)) resume();
        },
        close: () =>
          new Promise((done) => {
            stalled.splice(0);
            server.closeAllConnections?.();
            server.close(() => done(undefined));
          }),
      });
    });
  });
}
