const catalogue = require('../catalogue');

/** Every hour: rebuilds the search index of the catalogue. */
function reindex() {
  return catalogue.rebuildIndex();
}

module.exports = { reindex };
