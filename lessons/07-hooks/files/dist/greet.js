// Built from src/greet.js by scripts/build.js. Do not edit: run `node scripts/build.js`.
/** The greeting for `name`. */
function greet(name) {
  return 'Helo, ' + name + '!';
}

module.exports = { greet };
