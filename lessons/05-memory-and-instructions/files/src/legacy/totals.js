// The old checkout's total, in euros as floating-point numbers (kept for the old checkout only).
function legacyTotal(lines) {
  let total = 0;
  for (const line of lines) total += line.price * line.qty;
  return Math.round(total * 100) / 100;
}

module.exports = { legacyTotal };
