const catalogue = require('../catalogue');

/** GET /books?q=: the books whose title or author contains q. */
function searchBooks(req, res) {
  const q = String(req.query.q ?? '').toLowerCase();
  res.json(catalogue.all().filter((book) => book.title.toLowerCase().includes(q) || book.author.toLowerCase().includes(q)));
}

module.exports = { searchBooks };
