import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The reliability tests write what they proved (load held, faults injected, inputs tried, what
 * was lost: nothing) as sections here; after the server tests, docs/RELIABILITY.md is put
 * together from them. Each section is one test file's figures, from its last run.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const fragments = join(root, 'docs/.reliability');
const target = join(root, 'docs/RELIABILITY.md');

export interface ReliabilitySection {
  /** File name of the fragment, and sort key: e.g. '1-concurrency'. */
  id: string;
  title: string;
  /** Markdown lines: what was done, with figures. */
  lines: string[];
}

const sections = new Map<string, ReliabilitySection>();

/** Adds lines to a section (several tests of one file may add to the same section) and saves it. */
export function recordReliability(section: ReliabilitySection): void {
  const existing = sections.get(section.id);
  const merged = existing ? { ...existing, lines: [...existing.lines, ...section.lines] } : section;
  sections.set(section.id, merged);
  mkdirSync(fragments, { recursive: true });
  writeFileSync(join(fragments, `${section.id}.json`), JSON.stringify(merged, null, 2));
}

/** Writes docs/RELIABILITY.md from every section recorded so far (called after the server tests). */
export function writeReliabilityDoc(): void {
  if (!existsSync(fragments)) return;
  const all = readdirSync(fragments)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(fragments, f), 'utf8')) as ReliabilitySection);
  if (all.length === 0) return;
  const body = [
    '# Reliability',
    '',
    'Written by the reliability tests themselves (`apps/server/src/reliability/*.test.ts`, run by `npm test`',
    'on embedded PGlite and on a real PostgreSQL); every figure below comes from their last run on the',
    'machine that ran them. Each test fails if anything was lost, duplicated or let in.',
    '',
    ...all.flatMap((s) => [`## ${s.title}`, '', ...s.lines, '']),
  ].join('\n');
  writeFileSync(target, body);
}
