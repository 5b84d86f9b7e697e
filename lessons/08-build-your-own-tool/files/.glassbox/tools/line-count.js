// The line_count tool: its program is written, but Glassbox does not know about it yet.
// Exercise: describe it in .glassbox/tools/line_count.json (see word_count.json), so the
// model is offered a tool named line_count that takes a "path".
const fs = require('fs');

const input = JSON.parse(process.env.GLASSBOX_TOOL_INPUT);
let text;
try {
  text = fs.readFileSync(input.path, 'utf8');
} catch {
  console.error(`No file ${input.path} in the workspace.`);
  process.exit(1);
}
const lines = text.split('\n');
if (text.endsWith('\n')) lines.pop();
const blank = lines.filter((line) => line.trim() === '').length;
console.log(`${input.path}: ${lines.length} lines (${blank} blank)`);
