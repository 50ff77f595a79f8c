import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * Reads a label PDF back the way a person or a scanner would, for tests: its text with poppler's
 * `pdftotext`, and its barcodes by rendering it with `pdftoppm` and decoding with zbar's `zbarimg`.
 * Debian: apt-get install poppler-utils zbar-tools.
 */

const run = promisify(execFile);

function findTool(name: string): string | null {
  for (const dir of (process.env.PATH ?? '/usr/bin').split(':')) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

export const pdftotextPath = findTool('pdftotext');
export const pdftoppmPath = findTool('pdftoppm');
export const zbarimgPath = findTool('zbarimg');
export const pdfinfoPath = findTool('pdfinfo');

async function withTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'shipdesk-label-'));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The text of every page, as `pdftotext -layout` extracts it. */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  if (!pdftotextPath) throw new Error('pdftotext is not installed (Debian package poppler-utils)');
  return withTempDir(async (dir) => {
    const file = join(dir, 'label.pdf');
    await writeFile(file, pdf);
    const { stdout } = await run(pdftotextPath, ['-layout', file, '-']);
    return stdout;
  });
}

/** Renders each page at 300 dpi and returns every barcode zbarimg decodes, as "TYPE:value". */
export async function pdfBarcodes(pdf: Uint8Array): Promise<string[]> {
  if (!pdftoppmPath) throw new Error('pdftoppm is not installed (Debian package poppler-utils)');
  if (!zbarimgPath) throw new Error('zbarimg is not installed (Debian package zbar-tools)');
  return withTempDir(async (dir) => {
    const file = join(dir, 'label.pdf');
    await writeFile(file, pdf);
    await run(pdftoppmPath, ['-r', '300', '-png', file, join(dir, 'page')]);
    const pages = (await readdir(dir)).filter((name) => name.endsWith('.png')).sort();
    const found: string[] = [];
    for (const page of pages) {
      try {
        const { stdout } = await run(zbarimgPath, ['--quiet', join(dir, page)]);
        found.push(...stdout.split('\n').filter((line) => line.trim() !== ''));
      } catch (error) {
        // zbarimg exits with 4 when the image holds no barcode at all.
        if ((error as { code?: number }).code !== 4) throw error;
      }
    }
    return found;
  });
}

/** Page size of the first page in points, as `pdfinfo` reports it. */
export async function pdfPageSize(pdf: Uint8Array): Promise<{ width: number; height: number; pages: number }> {
  if (!pdfinfoPath) throw new Error('pdfinfo is not installed (Debian package poppler-utils)');
  return withTempDir(async (dir) => {
    const file = join(dir, 'label.pdf');
    await writeFile(file, pdf);
    const { stdout } = await run(pdfinfoPath, [file]);
    const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(stdout);
    const pages = /Pages:\s+(\d+)/.exec(stdout);
    if (!size || !pages) throw new Error(`pdfinfo gave no page size:\n${stdout}`);
    return { width: Number(size[1]), height: Number(size[2]), pages: Number(pages[1]) };
  });
}
