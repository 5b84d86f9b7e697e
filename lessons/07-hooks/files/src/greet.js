/** The greeting for `name`. */
function greet(name) {
  return 'Helo, ' + name + '!';
}

module.exports = { greet };
