/**
 * `npm run bench`: runs every benchmark, prints a table and writes bench-results/latest.json.
 * Speed is measured here, never in timed unit tests.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { BenchResult } from './result';

interface Suite {
  title: string;
  run: () => Promise<BenchResult[]>;
}

const suites: Suite[] = [
  { title: 'harness', run: async () => (await import('./harness-overhead')).benchHarnessOverhead() },
  { title: 'js runner', run: async () => (await import('./js-runner')).benchJsRunner() },
  { title: 'event log', run: async () => (await import('./event-log')).benchEventLog() },
  { title: 'search tools', run: async () => (await import('./search-tools')).benchSearchTools() },
  { title: 'share', run: async () => (await import('./share')).benchShare() },
  { title: 'first paint', run: async () => (await import('./first-paint')).benchFirstPaint() },
  { title: 'compaction', run: async () => (await import('./compaction')).benchCompaction() },
  { title: 'storage', run: async () => (await import('./storage')).benchStorage() },
  { title: 'clone', run: async () => (await import('./clone')).benchClone() },
];

function formatTable(rows: Array<BenchResult & { suite: string }>): string {
  const header = ['suite', 'measure', 'value', 'goal', 'ok', 'note'];
  const lines = rows.map((row) => [
    row.suite,
    row.name,
    `${row.value} ${row.unit}`,
    row.goal ?? '',
    row.pass === undefined ? '' : row.pass ? 'yes' : 'NO',
    row.note ?? '',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]?.length ?? 0)));
  const format = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [format(header), format(widths.map((width) => '-'.repeat(width))), ...lines.map(format)].join('\n');
}

const only = process.argv.slice(2);
const rows: Array<BenchResult & { suite: string }> = [];
const failures: string[] = [];
for (const suite of suites) {
  if (only.length > 0 && !only.some((word) => suite.title.includes(word))) continue;
  process.stdout.write(`running ${suite.title}…\n`);
  try {
    for (const result of await suite.run()) rows.push({ suite: suite.title, ...result });
  } catch (error) {
    failures.push(`${suite.title}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

console.log(`\n${formatTable(rows)}\n`);
mkdirSync('bench-results', { recursive: true });
const report = { date: new Date().toISOString(), node: process.version, results: rows, failures };
writeFileSync('bench-results/latest.json', `${JSON.stringify(report, null, 2)}\n`);
console.log('written to bench-results/latest.json');
if (failures.length > 0) {
  console.error(`\nsuites that failed:\n- ${failures.join('\n- ')}`);
  process.exitCode = 1;
}
