// Builds dist/ from src/: each file copied with a header saying where it came from.
const fs = require('fs');

fs.mkdirSync('dist', { recursive: true });
for (const name of fs.readdirSync('src')) {
  const header = `// Built from src/${name} by scripts/build.js. Do not edit: run \`node scripts/build.js\`.\n`;
  fs.writeFileSync(`dist/${name}`, header + fs.readFileSync(`src/${name}`, 'utf8'));
  console.log(`built dist/${name}`);
}
