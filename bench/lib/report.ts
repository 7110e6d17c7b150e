/** The console table, the JSON results and BENCHMARKS.md. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Comparison, Figure, Spread, Unit } from './figures.js';

export interface Environment {
  date: string;
  mode: 'full' | 'quick';
  cpus: string;
  cores: number;
  memory: string;
  chromium: string;
  node: string;
  /** Load averages (1, 5, 15 min) when the run started and ended: other processes share the cores. */
  loadBefore: number[];
  loadAfter: number[];
  commit: string;
  durationSeconds: number;
  sizes: Record<string, number | string>;
  /** Timings of preparation steps that are not figures (building, seeding). */
  setup: Record<string, string>;
}

export interface Results {
  environment: Environment;
  figures: Figure[];
}

export function formatQuantity(unit: Unit, value: number): string {
  switch (unit) {
    case 'ms':
      if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
      if (value >= 100) return `${Math.round(value)} ms`;
      return `${value.toFixed(1)} ms`;
    case 'bytes':
      return value >= 1 << 20 ? `${(value / (1 << 20)).toFixed(1)} MiB` : `${(value / 1024).toFixed(1)} KiB`;
    case 'records/s':
      return `${Math.round(value).toLocaleString('en-US')}/s`;
    case 'count':
      return Number.isInteger(value) ? String(value) : value.toFixed(2);
    case 'fraction':
      return value.toFixed(3);
  }
}

function formatSpread(unit: Unit, spread: Spread | undefined): string {
  if (!spread) return '';
  const median = formatQuantity(unit, spread.median);
  if (spread.min === spread.max) return `${median} (×${spread.runs.length})`;
  return `${median} [${formatQuantity(unit, spread.min)} – ${formatQuantity(unit, spread.max)}] (×${spread.runs.length})`;
}

const COMPARISON_SIGNS: Record<Comparison, string> = { '<=': '≤', '>=': '≥', '=': '=' };

export function formatTarget(figure: Pick<Figure, 'target' | 'unit' | 'ratio'>): string {
  const { comparison, value } = figure.target;
  const shownValue = figure.ratio || figure.unit === 'count' || figure.unit === 'fraction' ? String(value) : formatQuantity(figure.unit, value);
  return `${COMPARISON_SIGNS[comparison]} ${shownValue}`;
}

function formatValue(figure: Figure): string {
  if (figure.value === undefined) return '–';
  if (figure.ratio) return figure.value.toFixed(2);
  return formatQuantity(figure.unit, figure.value);
}

interface Row {
  figure: string;
  measured: string;
  baseline: string;
  value: string;
  target: string;
  result: string;
}

function rows(figures: Figure[]): Row[] {
  return figures.map((figure) => ({
    figure: figure.label,
    measured: formatSpread(figure.unit, figure.measured),
    baseline: formatSpread(figure.unit, figure.baseline),
    value: formatValue(figure),
    target: formatTarget(figure),
    result: figure.status,
  }));
}

const HEADINGS: Row = { figure: 'Figure', measured: 'Measured: median [min – max]', baseline: 'Raw baseline: median [min – max]', value: 'Value', target: 'Target', result: 'Result' };
const COLUMNS = Object.keys(HEADINGS) as (keyof Row)[];

export function printTable(figures: Figure[]): void {
  const all = [HEADINGS, ...rows(figures)];
  const widths = COLUMNS.map((column) => Math.max(...all.map((row) => row[column].length)));
  const line = (row: Row): string => COLUMNS.map((column, index) => row[column].padEnd(widths[index] as number)).join('  ');
  console.log(line(HEADINGS));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of all.slice(1)) console.log(line(row));

  const notes = figures.filter((figure) => figure.note);
  if (notes.length > 0) {
    console.log('');
    for (const figure of notes) console.log(`${figure.label}: ${figure.note}`);
  }
}

function markdownCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function markdownTable(figures: Figure[]): string {
  const lines = [
    `| ${COLUMNS.map((column) => HEADINGS[column]).join(' | ')} |`,
    `| ${COLUMNS.map((column) => (column === 'figure' ? '---' : '---:')).join(' | ')} |`,
  ];
  for (const row of rows(figures)) {
    const cells = COLUMNS.map((column) => (column === 'result' && row.result !== 'PASS' ? `**${row.result}**` : row[column]));
    lines.push(`| ${cells.map(markdownCell).join(' | ')} |`);
  }
  return lines.join('\n');
}

export function writeJson(path: string, results: Results): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
}

const NOTES_START = '<!-- notes:start -->';
const NOTES_END = '<!-- notes:end -->';

/** Returns the hand-written analysis kept between the notes markers of an existing BENCHMARKS.md. */
function keptNotes(path: string): string {
  if (!existsSync(path)) return `${NOTES_START}\n${NOTES_END}`;
  const text = readFileSync(path, 'utf8');
  const start = text.indexOf(NOTES_START);
  const end = text.indexOf(NOTES_END);
  if (start === -1 || end < start) return `${NOTES_START}\n${NOTES_END}`;
  return text.slice(start, end + NOTES_END.length);
}

/**
 * Regenerates BENCHMARKS.md from a run. Everything is rewritten except the
 * analysis between the notes markers, which a person writes after reading
 * the figures.
 */
export function writeBenchmarksMarkdown(path: string, results: Results, methodology: string): void {
  const { environment: env, figures } = results;
  const misses = figures.filter((figure) => figure.status === 'MISS').length;
  const unavailable = figures.filter((figure) => figure.status === 'NOT AVAILABLE').length;
  const summary =
    misses + unavailable === 0
      ? `All ${figures.length} figures meet their targets.`
      : `${figures.length - misses - unavailable} of ${figures.length} figures meet their targets; ${misses} miss, ${unavailable} not available.`;
  const notes = figures.filter((figure) => figure.note).map((figure) => `- **${figure.label}**: ${figure.note}`);
  const sizes = Object.entries(env.sizes).map(([name, value]) => `${name} ${typeof value === 'number' ? value.toLocaleString('en-US') : value}`);
  const setup = Object.entries(env.setup).map(([name, value]) => `- ${name}: ${value}`);
  const suiteRuns = new Map<string, string>();
  for (const figure of figures) {
    const run = figure.run;
    if (!run || suiteRuns.has(run.suite)) continue;
    const sizes = run.sizes ? Object.entries(run.sizes).map(([name, value]) => `${name} ${value.toLocaleString('en-US')}`).join(', ') : run.mode;
    suiteRuns.set(run.suite, `| ${run.suite} | ${run.finishedAt} | ${sizes} | ${run.commit} | ${run.load.map((n) => n.toFixed(1)).join(' / ')} |`);
  }

  const text = `# Benchmarks

Speed figures of the kit, each measured next to a raw baseline in the same
run so that the speed of the machine cancels out. This page is written by
\`npm run bench\`; only the analysis between the notes markers is kept
across runs.

## Latest run

- Date: ${env.date} (${env.mode} run, ${Math.round(env.durationSeconds / 60)} min, commit ${env.commit})
- Machine: ${env.cores} cores (${env.cpus}), ${env.memory} memory
- Browser: ${env.chromium}, headless, driven by playwright-core
- Node: ${env.node}
- Load average before / after: ${env.loadBefore.map((n) => n.toFixed(2)).join(', ')} / ${env.loadAfter.map((n) => n.toFixed(2)).join(', ')} (other processes share the cores)
- Sizes of this invocation (each suite's own are listed below): ${sizes.join(', ')}

${summary}

${markdownTable(figures)}

Value is the measured median divided by the baseline median, or the measured
median itself where there is no baseline. Brackets hold the minimum and
maximum of the runs, and ×N the number of runs.

### When each suite ran

The load average counts runnable processes on the whole machine (2 cores);
well above 2 means the benchmark got a fraction of the CPU, which slows
both sides of each ratio but adds noise.

| Suite | Finished | Sizes | Commit | Load average (1 / 5 / 15 min) |
| --- | --- | --- | --- | --- |
${[...suiteRuns.values()].join('\n')}

${notes.length > 0 ? `### Remarks from the run\n\n${notes.join('\n')}\n\n` : ''}### Preparation (not figures)

${setup.join('\n')}

## Analysis

${keptNotes(path)}

## How to rerun

After the README's set-up (\`bash .ci/setup\`):

\`\`\`sh
npm run bench            # full sizes; BENCHMARKS.md notes give the time
npm run bench -- --quick # small sizes, under 3 minutes
\`\`\`

The run builds what it needs, prints the table, writes
\`bench/results/latest.json\` and rewrites this page (a quick run writes
\`bench/results/quick.json\` and leaves this page alone unless given
\`--write-markdown\`). It exits non-zero when a figure misses its target or
is not available. \`--only=import,excel,memory,table,search,bundle\` runs
some suites only, and \`CHROMIUM_PATH\` picks another Chromium binary.

## What each figure measures

${methodology}
`;
  writeFileSync(path, text);
}
