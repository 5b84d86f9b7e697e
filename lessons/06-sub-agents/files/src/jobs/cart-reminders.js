const { sendMail } = require('../mail/send');
const carts = require('../carts');

/** Every night: reminds users of carts left for more than a day. */
function remindAbandonedCarts(now = Date.now()) {
  for (const cart of carts.abandonedSince(now - 24 * 60 * 60 * 1000)) {
    sendMail('cart-reminder', cart.user.email, { name: cart.user.name, count: cart.items.length });
  }
}

module.exports = { remindAbandonedCarts };
