/* Guest module `readline`: line events over the run's stdin (all of it is known up front). */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS guest code: require() is the module system inside QuickJS. */
'use strict';

const EventEmitter = require('events');

class Interface extends EventEmitter {
  constructor(input, output) {
    super();
    const options = input && input.input !== undefined ? input : { input, output };
    this.input = options.input;
    this.output = options.output;
    this.terminal = false;
    this.line = '';
    this.closed = false;
    this._lines = [];
    this._ended = false;
    this._waiting = [];
    this._paused = false;
    let buffered = '';
    if (this.input && typeof this.input.on === 'function') {
      if (typeof this.input.setEncoding === 'function') this.input.setEncoding('utf8');
      this.input.on('data', (chunk) => {
        buffered += String(chunk);
        const parts = buffered.split(/\r?\n/);
        buffered = parts.pop();
        for (const line of parts) this._push(line);
      });
      this.input.on('end', () => {
        if (buffered !== '') this._push(buffered);
        buffered = '';
        this._ended = true;
        this._flush();
      });
    }
  }

  _push(line) {
    this._lines.push(line);
    this._flush();
  }

  _flush() {
    while (this._lines.length > 0 && !this._paused && !this.closed) {
      const line = this._lines.shift();
      const waiter = this._waiting.shift();
      if (waiter) waiter(line);
      else this.emit('line', line);
    }
    if (this._ended && this._lines.length === 0 && !this.closed) {
      for (const waiter of this._waiting.splice(0)) waiter('');
      this.close();
    }
  }

  question(query, options, callback) {
    if (typeof options === 'function') callback = options;
    if (this.output && typeof this.output.write === 'function') this.output.write(String(query));
    const answer = new Promise((resolve) => {
      this._waiting.push(resolve);
      this._flush();
    });
    if (typeof callback === 'function') answer.then(callback);
    return answer;
  }

  setPrompt(prompt) {
    this._prompt = String(prompt);
  }

  getPrompt() {
    return this._prompt || '> ';
  }

  prompt() {
    if (this.output && typeof this.output.write === 'function') this.output.write(this.getPrompt());
  }

  write(data) {
    if (this.output && typeof this.output.write === 'function') this.output.write(String(data));
  }

  pause() {
    this._paused = true;
    this.emit('pause');
    return this;
  }

  resume() {
    this._paused = false;
    this.emit('resume');
    this._flush();
    return this;
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    this.emit('close');
  }

  [Symbol.asyncIterator]() {
    const queue = [];
    const pending = [];
    let done = false;
    this.on('line', (line) => (pending.length > 0 ? pending.shift()({ value: line, done: false }) : queue.push(line)));
    this.on('close', () => {
      done = true;
      for (const resolve of pending.splice(0)) resolve({ value: undefined, done: true });
    });
    return {
      next: () => {
        if (queue.length > 0) return Promise.resolve({ value: queue.shift(), done: false });
        if (done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => pending.push(resolve));
      },
      return: () => {
        this.close();
        return Promise.resolve({ value: undefined, done: true });
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }
}

function createInterface(input, output) {
  return new Interface(input, output);
}

const promises = {
  Interface,
  createInterface,
};

module.exports = {
  Interface,
  createInterface,
  promises,
  clearLine: () => true,
  clearScreenDown: () => true,
  cursorTo: () => true,
  moveCursor: () => true,
  emitKeypressEvents: () => {},
};
