const { sendMail } = require('../mail/send');
const users = require('../users');

/** POST /password/forgot: e-mails a reset link (and says the same whether the account exists or not). */
function forgotPassword(req, res) {
  const user = users.findByEmail(req.body.email);
  if (user) sendMail('reset-password', user.email, { name: user.name, link: users.resetLink(user) });
  res.status(202).json({ ok: true });
}

module.exports = { forgotPassword };
