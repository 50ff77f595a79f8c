/** Renders the figures of one run as bench/RESULTS.md. */
import type { Figure, Machine } from './lib';

export interface RunInfo {
  startedAt: Date;
  durationS: number;
  machine: Machine;
  databases: string[];
  /** Sizes and settings, as "name: value" lines. */
  settings: string[];
  /** Benchmarks that failed to run, with their error. */
  failures: { bench: string; error: string }[];
  /** Remarks on what the figures mean, per benchmark. */
  notes?: string[];
}

function fmt(value: number, unit: string): string {
  if (!Number.isFinite(value)) return 'n/a';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${unit}`;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderReport(figures: Figure[], run: RunInfo): string {
  const met = figures.filter((f) => f.target?.met === true).length;
  const targeted = figures.filter((f) => f.target).length;
  const lines: string[] = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` on ${run.startedAt.toISOString()} in ${Math.round(run.durationS)} s. Every figure stands next to a baseline measured in the same run on the same machine; compare the ratios, not the absolute numbers, between machines.`,
    '',
    '## Machine',
    '',
    `- CPU: ${run.machine.cpu}, ${run.machine.cores} cores; memory ${run.machine.memoryGiB} GiB; ${run.machine.platform}`,
    `- Node ${run.machine.node}`,
    ...run.databases.map((d) => `- Database: ${d}`),
    ...run.settings.map((s) => `- ${s}`),
    '',
    `## Targets: ${met} of ${targeted} met`,
    '',
    '| bench | db | what | figure | baseline (same run) | ratio | target | met |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const f of figures) {
    const baseline = f.baseline ? `${fmt(f.baseline.value, f.baseline.unit)} (${f.baseline.what})` : '—';
    const ratio = f.ratio === null || !Number.isFinite(f.ratio) ? '—' : `${f.ratio.toFixed(2)}×`;
    const target = f.target ? f.target.text : '—';
    const ok = f.target ? (f.target.met ? '✅ yes' : '❌ **no**') : '';
    const what = f.note ? `${f.what} <br><sub>${f.note}</sub>` : f.what;
    lines.push(`| ${f.bench} | ${f.db ?? '—'} | ${cell(what)} | ${fmt(f.value, f.unit)} | ${cell(baseline)} | ${ratio} | ${cell(target)} | ${ok} |`);
  }
  if (run.failures.length > 0) {
    lines.push('', '## Benchmarks that did not run to the end', '');
    for (const failure of run.failures) lines.push(`- **${failure.bench}**: ${cell(failure.error.split('\n').slice(0, 3).join(' '))}`);
  }
  if (run.notes && run.notes.length > 0) {
    lines.push('', '## Reading the figures', '');
    for (const note of run.notes) lines.push(`- ${note}`);
  }
  lines.push('');
  return lines.join('\n');
}
