const test = require('node:test');
const assert = require('node:assert');
const { slugify } = require('../src/slugify');

test('lowercases and joins words with dashes', () => {
  assert.strictEqual(slugify('Hello World'), 'hello-world');
});

test('drops punctuation at both ends', () => {
  assert.strictEqual(slugify('  Hello, World!  '), 'hello-world');
});

test('removes accents', () => {
  assert.strictEqual(slugify('Crème brûlée'), 'creme-brulee');
});
