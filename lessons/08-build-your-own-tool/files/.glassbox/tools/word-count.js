// The word_count tool. Glassbox runs this with the call's input as JSON, on stdin and in
// GLASSBOX_TOOL_INPUT; what it prints is the tool result. A non-zero exit is an error result.
const fs = require('fs');

const input = JSON.parse(process.env.GLASSBOX_TOOL_INPUT);
let text;
try {
  text = fs.readFileSync(input.path, 'utf8');
} catch {
  console.error(`No file ${input.path} in the workspace.`);
  process.exit(1);
}
const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
const words = text.split(/\s+/).filter((word) => word !== '').length;
console.log(`${input.path}: ${lines} lines, ${words} words, ${text.length} characters`);
