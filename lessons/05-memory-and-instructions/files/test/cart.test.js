const test = require('node:test');
const assert = require('node:assert');
const { createCart, addItem } = require('../src/cart');

const tea = { id: 'tea', name: 'Green tea', priceCents: 450 };

test('adding the same product twice adds to its quantity', () => {
  const cart = addItem(addItem(createCart(), tea), tea, 2);
  assert.deepStrictEqual(cart.items, [{ id: 'tea', name: 'Green tea', priceCents: 450, qty: 3 }]);
});
