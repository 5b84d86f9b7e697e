const { sendMail } = require('../mail/send');
const users = require('../users');

/** POST /signup: creates the account, then sends the welcome e-mail. */
function signup(req, res) {
  const user = users.create(req.body.email, req.body.name);
  sendMail('welcome', user.email, { name: user.name });
  res.status(201).json({ id: user.id });
}

module.exports = { signup };
