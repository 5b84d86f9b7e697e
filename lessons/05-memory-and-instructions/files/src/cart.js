/** A new cart: no items yet. */
function createCart() {
  return { items: [] };
}

/** The cart with `qty` more of the product (its `priceCents` per unit). */
function addItem(cart, product, qty = 1) {
  const items = cart.items.filter((item) => item.id !== product.id);
  const current = cart.items.find((item) => item.id === product.id);
  items.push({ id: product.id, name: product.name, priceCents: product.priceCents, qty: (current ? current.qty : 0) + qty });
  return { items };
}

module.exports = { createCart, addItem };
