// The project's linter, run by a PostToolUse hook after every Write or Edit.
// Claude Code's hook protocol: the event arrives as JSON on stdin; exit 2 sends stderr back to the model.
const fs = require('fs');

const event = JSON.parse(fs.readFileSync(0, 'utf8'));
const file = event.tool_input && event.tool_input.file_path;
if (!file || !file.endsWith('.js')) process.exit(0);

const problems = [];
fs.readFileSync(file, 'utf8').split('\n').forEach((line, index) => {
  const code = line.replace(/\/\/.*$|\/\*.*?\*\//g, '');
  for (const match of code.matchAll(/"[^"]*"/g)) problems.push(`${file}:${index + 1}: use single quotes for strings: ${match[0]}`);
  if (/\bvar\s/.test(code)) problems.push(`${file}:${index + 1}: use const or let, not var`);
});

if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(2);
}
console.log(`lint: ${file} is clean`);
