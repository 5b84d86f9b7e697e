// A loopback HTTP server that speaks the Anthropic, OpenAI Chat Completions and Gemini streaming
// formats from a small script, with fault injection, for tests of the real clients over HTTP.
// Plain ESM JavaScript so both vitest and the Node browser-test runner can import it.
import { createServer } from 'node:http';
import { anthropicWire, estimateTokens, geminiWire, openaiWire } from './wire-formats.mjs';

/** The default script: list the files with Bash, then answer. */
export const DEFAULT_SCRIPT = [
  { text: "I'll list the files in the workspace.", toolCalls: [{ name: 'Bash', input: { command: 'ls' } }] },
  { text: 'Done: I listed the files in the workspace.' },
];

const STATUS_TEXT = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable', 529: 'Overloaded' };

function route(method, path) {
  if (method === 'POST' && path === '/v1/messages') return { provider: 'anthropic', kind: 'stream' };
  if (method === 'POST' && (path === '/v1/chat/completions' || path === '/chat/completions')) return { provider: 'openai', kind: 'stream' };
  const gemini = /^\/v1beta\/models\/([^/:]+):streamGenerateContent$/.exec(path);
  if (method === 'POST' && gemini) return { provider: 'gemini', kind: 'stream', model: decodeURIComponent(gemini[1]) };
  if (method === 'GET' && path === '/v1/models') return { provider: 'models', kind: 'list' };
  if (method === 'GET' && path === '/v1beta/models') return { provider: 'gemini', kind: 'list' };
  return undefined;
}

function keyOf(provider, headers) {
  if (provider === 'anthropic') return headers['x-api-key'];
  if (provider === 'gemini') return headers['x-goog-api-key'];
  const auth = headers.authorization ?? '';
  return auth.startsWith('Bearer ') ? auth.slice(7) : undefined;
}

const WIRES = { anthropic: anthropicWire, openai: openaiWire, gemini: geminiWire };

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** @param {import('./server.d.mts').MockProviderOptions} [options] */
export async function startMockProvider(options = {}) {
  const script = options.script ?? DEFAULT_SCRIPT;
  const faults = [...(options.faults ?? [])];
  const requests = [];
  const cors = options.cors !== false;
  const chunkDelayMs = options.chunkDelayMs ?? 0;
  const sockets = new Set();

  function corsHeaders(req) {
    if (!cors) return {};
    const headers = {
      'access-control-allow-origin': req.headers.origin ?? '*',
      'access-control-expose-headers': 'retry-after, retry-after-ms, content-type',
      vary: 'Origin',
    };
    return headers;
  }

  function takeFault(provider) {
    const at = faults.findIndex((fault) => !fault.provider || fault.provider === provider);
    if (at < 0) return undefined;
    return faults.splice(at, 1)[0];
  }

  function sendJson(req, res, status, body, extra = {}) {
    res.writeHead(status, STATUS_TEXT[status] ?? 'Error', { 'content-type': 'application/json', ...corsHeaders(req), ...extra });
    res.end(JSON.stringify(body));
  }

  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'OPTIONS') {
      if (!cors) {
        res.writeHead(204);
        res.end();
        return;
      }
      const headers = {
        ...corsHeaders(req),
        'access-control-allow-methods': 'GET, POST, OPTIONS',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
        'access-control-max-age': '600',
      };
      if (req.headers['access-control-request-private-network']) headers['access-control-allow-private-network'] = 'true';
      res.writeHead(204, headers);
      res.end();
      return;
    }
    const found = route(req.method ?? 'GET', url.pathname);
    const text = await readBody(req);
    let body;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const provider = found?.provider === 'models' ? (req.headers['anthropic-version'] ? 'anthropic' : 'openai') : found?.provider;
    const record = { provider: provider ?? 'unknown', method: req.method ?? 'GET', path: url.pathname + url.search, headers: { ...req.headers }, body };
    requests.push(record);
    if (!found || !provider) {
      sendJson(req, res, 404, { error: { message: `No mock route for ${req.method} ${url.pathname}` } });
      return;
    }
    const wire = WIRES[provider];
    if (options.apiKey !== undefined && keyOf(provider, req.headers) !== options.apiKey) {
      record.fault = 'auth';
      const status = provider === 'gemini' ? 400 : 401;
      const message = provider === 'gemini' ? 'API key not valid. Please pass a valid API key.' : 'invalid x-api-key';
      const payload = wire.errorBody(status, message);
      if (provider === 'gemini') payload.error.details = [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' }];
      sendJson(req, res, status, payload);
      return;
    }
    if (found.kind === 'list') {
      const ids = options.models ?? ['mock-model', 'mock-model-large'];
      if (provider === 'gemini') {
        sendJson(req, res, 200, { models: ids.map((id) => ({ name: `models/${id}`, displayName: id, inputTokenLimit: 1048576, outputTokenLimit: 65536, supportedGenerationMethods: ['generateContent', 'countTokens'] })) });
      } else if (provider === 'anthropic') {
        sendJson(req, res, 200, { data: ids.map((id) => ({ type: 'model', id, display_name: id, created_at: '2025-01-01T00:00:00Z' })), has_more: false, first_id: ids[0], last_id: ids[ids.length - 1] });
      } else {
        sendJson(req, res, 200, { object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 1736300000, owned_by: 'mock' })) });
      }
      return;
    }
    const fault = takeFault(provider);
    if (fault) record.fault = fault.kind === 'status' ? `status ${fault.status}` : fault.kind;
    if (fault?.kind === 'status') {
      const extra = {};
      if (fault.retryAfter !== undefined) extra['retry-after'] = String(fault.retryAfter);
      if (fault.retryAfterMs !== undefined) extra['retry-after-ms'] = String(fault.retryAfterMs);
      sendJson(req, res, fault.status, wire.errorBody(fault.status, fault.message ?? STATUS_TEXT[fault.status] ?? 'Error'), extra);
      return;
    }
    const refusal = wire.refusal?.(body);
    if (refusal) {
      record.fault = 'refused';
      sendJson(req, res, 400, wire.errorBody(400, refusal));
      return;
    }
    // A request whose body holds a route's marker (e.g. a sub-agent's system prompt) plays that route's script.
    const playing = (options.routes ?? []).find((candidate) => text.includes(candidate.match))?.script ?? script;
    const turnIndex = Math.min(wire.assistantTurns(body), playing.length - 1);
    const turn = playing[turnIndex] ?? { text: '' };
    const model = found.model ?? body?.model ?? 'mock-model';
    const frames = wire.frames(turn, { turnIndex, model, inputTokens: estimateTokens(body), includeUsage: body?.stream_options?.include_usage === true });
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', ...corsHeaders(req) });
    const stopAt = fault?.kind === 'drop' || fault?.kind === 'overloaded' ? Math.min(fault.afterEvents ?? 2, frames.length - 1) : frames.length;
    for (let i = 0; i < stopAt; i++) {
      if (res.destroyed) return;
      res.write(frames[i]);
      if (chunkDelayMs > 0) await sleep(chunkDelayMs);
    }
    if (fault?.kind === 'overloaded') {
      res.end(wire.overloaded());
      return;
    }
    if (fault?.kind === 'drop' && fault.mode !== 'end') {
      // Let the written frames reach the client, then cut the connection mid-message.
      await sleep(20);
      res.socket?.destroy();
      return;
    }
    res.end();
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent) sendJson(req, res, 500, { error: { message: String(error) } });
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve(undefined));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    injectFault(fault) {
      faults.push(fault);
    },
    pendingFaults() {
      return faults.length;
    },
    close() {
      return new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve(undefined));
      });
    },
  };
}
