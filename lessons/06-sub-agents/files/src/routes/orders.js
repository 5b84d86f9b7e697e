const { sendMail } = require('../mail/send');
const orders = require('../orders');

/** POST /orders: places the order and confirms it by e-mail. */
function placeOrder(req, res) {
  const order = orders.place(req.user.id, req.body.items);
  sendMail('order-confirmation', req.user.email, { name: req.user.name, number: order.number, total: order.totalText });
  res.status(201).json(order);
}

/** GET /orders/:number */
function getOrder(req, res) {
  const order = orders.find(req.user.id, req.params.number);
  if (!order) return res.status(404).json({ error: 'no such order' });
  res.json(order);
}

module.exports = { placeOrder, getOrder };
