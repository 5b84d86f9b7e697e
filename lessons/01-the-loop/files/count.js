// count.js — how many tasks in todo.md are still open. Run with: node count.js
const fs = require('fs');

const lines = fs.readFileSync('todo.md', 'utf8').split('\n');
const open = lines.filter((line) => line.startsWith('- [ ] '));
const done = lines.filter((line) => line.startsWith('- [x] '));
console.log(`${open.length} open, ${done.length} done`);
for (const line of open) console.log(`open: ${line.slice(6)}`);
