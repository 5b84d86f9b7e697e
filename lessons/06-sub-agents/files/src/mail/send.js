const fs = require('fs');
const path = require('path');

const TEMPLATES = path.join(__dirname, '..', '..', 'templates');

/** Fills `templates/<template>.html` with `data` ({{name}} placeholders) and queues it for `to`. */
function sendMail(template, to, data = {}) {
  const file = path.join(TEMPLATES, `${template}.html`);
  const html = fs.readFileSync(file, 'utf8').replace(/\{\{(\w+)\}\}/g, (_, key) => String(data[key] ?? ''));
  return queue.push({ to, html });
}

const queue = [];

module.exports = { sendMail, queue };
