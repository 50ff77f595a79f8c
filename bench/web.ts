/**
 * Web: the built app's initial JavaScript per route (gzip), against a bare Vite + React page built
 * in the same run with the same Vite and React; and in Chromium, the orders overview with N orders
 * scrolled end to end and a drag on a 200-line order, with the long tasks the browser reports
 * (PerformanceObserver 'longtask'; the target is none over 50 ms).
 *
 * The app is built into a temp folder (not dist/web, which the e2e tests use) and served by Shipdesk in a second process, on its own generated data.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServerProcess } from './child';
import { log, nowMs, ratioOf, type Figure } from './lib';

export interface WebOptions {
  orders: number;
  /** Lines of the order the drag happens on. */
  dragLines: number;
  /** Skip the browser part (sizes only). */
  sizesOnly?: boolean;
  /** Use an existing build in this folder instead of building. */
  prebuilt?: string;
  /** Time budget for scrolling the overview, ms. */
  scrollBudgetMs?: number;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CACHE = join(ROOT, 'node_modules', '.cache', 'shipdesk-bench');

function viteBuild(args: string[], cwd: string): void {
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', ...args], {
    cwd,
    encoding: 'utf8',
    // A production build whatever the caller runs under (Vitest sets NODE_ENV=test).
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error(`vite build failed:\n${result.stdout}\n${result.stderr}`);
}

/** A bare Vite + React page: one component rendering a heading, built like the app. */
function buildBare(): string {
  const dir = join(CACHE, 'bare');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html><head><meta charset="utf-8"><title>bare</title></head><body><div id="root"></div><script type="module" src="/src/main.jsx"></script></body></html>\n');
  writeFileSync(
    join(dir, 'src', 'main.jsx'),
    "import { StrictMode } from 'react';\nimport { createRoot } from 'react-dom/client';\ncreateRoot(document.getElementById('root')).render(<StrictMode><h1>Hello</h1></StrictMode>);\n",
  );
  writeFileSync(join(dir, 'vite.config.mjs'), "import react from '@vitejs/plugin-react';\nexport default { plugins: [react()], logLevel: 'warn' };\n");
  viteBuild(['--outDir', 'dist', '--emptyOutDir', '--logLevel', 'warn'], dir);
  return join(dir, 'dist');
}

const gz = (bytes: Buffer | Uint8Array) => gzipSync(bytes, { level: 9 }).length;

function jsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...jsFiles(path));
    else if (name.endsWith('.js')) out.push(path);
  }
  return out;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

const OBSERVE_LONG_TASKS = `
  window.__longTasks = [];
  window.__longFrames = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const scripts = (e.scripts || []).map((s) => ({ what: (s.invoker || '') + ' ' + (s.sourceFunctionName || ''), duration: Math.round(s.duration), layout: Math.round(s.forcedStyleAndLayoutDuration || 0) }));
        const render = e.renderStart ? Math.round(e.startTime + e.duration - e.renderStart) : 0;
        window.__longFrames.push({ start: e.startTime, duration: e.duration, scripts, render, blocking: Math.round(e.blockingDuration || 0) });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {}
`;

/** Proves the observer sees the page's own long tasks: an 80 ms task from a timer must show up. */
async function observerWorks(page: Page): Promise<boolean> {
  const before = await page.evaluate(() => performance.now());
  await page.evaluate('new Promise((r) => setTimeout(() => { const t = performance.now(); while (performance.now() - t < 80) {} r(1); }, 0))');
  await page.waitForTimeout(200);
  return (await longTasksBetween(page, before, Number.MAX_SAFE_INTEGER)).some((t) => t.duration >= 75);
}

/**
 * Scrolls the overview's scroll container (the nearest scrollable ancestor of the rows, else the
 * page) to the end, two screens per frame, waiting at the end for rows still loading. A string, so
 * the bundler's helpers never end up inside the page.
 */
const SCROLL_TO_END = `async (budgetMs) => {
      const firstRow = document.querySelector('tbody tr, [role="row"]');
      let el = firstRow;
      while (el && el !== document.body) {
        const style = getComputedStyle(el);
        if (/(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight + 1) break;
        el = el.parentElement;
      }
      const scroller = el && el !== document.body ? el : document.scrollingElement;
      const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)));
      const t0 = performance.now();
      let frames = 0;
      let maxRows = 0;
      let stalled = 0;
      let distance = 0;
      const heights = new Set();
      const intervals = [];
      let last = performance.now();
      while (performance.now() - t0 < budgetMs) {
        const before = scroller.scrollTop;
        scroller.scrollTop = before + Math.max(400, scroller.clientHeight * 1.8);
        await frame();
        const now = performance.now();
        if (stalled === 0) intervals.push(now - last);
        last = now;
        frames++;
        distance += scroller.scrollTop - before;
        maxRows = Math.max(maxRows, document.querySelectorAll('tbody tr, [role="row"]').length);
        if (frames % 100 === 1) for (const tr of document.querySelectorAll('tbody tr[data-index]')) heights.add(tr.getBoundingClientRect().height);
        const atEnd = scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 2;
        if (atEnd) {
          // More rows may be on their way (infinite loading): wait a little before calling it the end.
          stalled++;
          if (stalled > 30) break;
          await new Promise((r) => setTimeout(r, 50));
          last = performance.now();
        } else stalled = 0;
      }
      const t1 = performance.now();
      intervals.sort((a, b) => a - b);
      const at = (q) => intervals.length ? intervals[Math.min(intervals.length - 1, Math.ceil(q * intervals.length) - 1)] : 0;
      return {
        from: t0,
        to: t1,
        frames,
        distance,
        maxRows,
        reachedEnd: scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 2,
        container: scroller === document.scrollingElement ? 'page' : scroller.tagName.toLowerCase() + '.' + scroller.className,
        scrollHeight: scroller.scrollHeight,
        rowHeights: [...heights].slice(0, 10),
        frameMs: { p50: at(0.5), p99: at(0.99), p999: at(0.999), max: at(1) },
      };
}`;

type LongTask = { start: number; duration: number; scripts?: { what: string; duration: number; layout: number }[]; render?: number; blocking?: number };

/** What the longest frames of a step were spent on (script attribution from the Long Animation Frames API). */
function logLongFrames(step: string, frames: readonly LongTask[], count: number): void {
  for (const f of [...frames].sort((a, b) => b.duration - a.duration).slice(0, count)) {
    log(`web: long frame of ${step} ${f.duration.toFixed(0)} ms (render ${f.render} ms): ${JSON.stringify(f.scripts)}`);
  }
}

/** The longest of some tasks or frames, ms (0 for none). */
const longest = (tasks: readonly LongTask[]) => Math.max(0, ...tasks.map((t) => t.duration));

async function longTasksBetween(page: Page, from: number, to: number, kind: '__longTasks' | '__longFrames' = '__longTasks'): Promise<LongTask[]> {
  const all = (await page.evaluate(`window.${kind} || []`)) as LongTask[];
  return all.filter((t) => t.start >= from && t.start <= to);
}

/** The JS a route loads, gzip-sized: every script response until the page is idle. */
async function routeJs(browser: Browser, url: string, cookie: { name: string; value: string } | null): Promise<{ bytes: number; files: number }> {
  const context = await browser.newContext();
  if (cookie) await context.addCookies([{ name: cookie.name, value: cookie.value, url }]);
  const page = await context.newPage();
  const bodies: Promise<number>[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') bodies.push(response.body().then((b) => gz(b), () => 0));
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  const sizes = await Promise.all(bodies);
  await context.close();
  return { bytes: sizes.reduce((a, b) => a + b, 0), files: sizes.length };
}

export async function benchWeb(options: WebOptions): Promise<Figure[]> {
  const figures: Figure[] = [];
  let webDir = options.prebuilt;
  if (!webDir) {
    log('web: building the app…');
    // Outside any dot-folder: express's sendFile refuses paths through one (like node_modules/.cache).
    webDir = join(tmpdir(), 'shipdesk-bench-web');
    // BENCH_WEB_PROFILE builds unminified, so the profile names the app's own functions.
    viteBuild(['--outDir', webDir, '--emptyOutDir', '--logLevel', 'warn', ...(process.env.BENCH_WEB_PROFILE ? ['--minify', 'false'] : [])], ROOT);
  }
  log('web: building a bare Vite React page…');
  const bareDir = buildBare();
  const bareJs = jsFiles(bareDir).reduce((n, f) => n + gz(readFileSync(f)), 0);
  const appTotal = jsFiles(webDir).reduce((n, f) => n + gz(readFileSync(f)), 0);

  const child = startServerProcess();
  let browser: Browser | null = null;
  try {
    log(`web: generating ${options.orders.toLocaleString('en')} orders for one merchant in the server process…`);
    const init = await child.init({ generate: { orders: options.orders, lines: options.orders * 2.5, shipments: options.orders * 1.5, merchants: 1 }, webDir });
    const merchant = init.generated.merchants[0]!;
    const big = await child.bigOrder(options.dragLines);
    const login = await fetch(`${init.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: merchant.email, password: merchant.password }) });
    if (!login.ok) throw new Error(`web: log-in failed with HTTP ${login.status}`);
    const [name, value] = login.headers.get('set-cookie')!.split(';')[0]!.split('=') as [string, string];
    const cookie = { name, value };
    const [aShipment] = await child.sql<{ id: string }>(`select id from shipments where merchant_id = '${merchant.id}' order by created_at desc limit 1`);

    browser = await launchChromium();
    const routes: [string, string, boolean][] = [
      ['/login', '/login', false],
      ['/orders', '/orders', true],
      ['/orders/:id', `/orders/${big.orderId}`, true],
      ['/shipments', '/shipments', true],
      ['/shipments/:id', `/shipments/${aShipment?.id ?? 'none'}`, true],
      ['/backorders', '/backorders', true],
      ['/pack', '/pack', true],
      ['/integrations', '/integrations', true],
    ];
    for (const [label, path, authed] of routes) {
      const js = await routeJs(browser, `${init.url}${path}`, authed ? cookie : null);
      figures.push({
        bench: 'web',
        db: null,
        what: `initial JS of ${label} (gzip)`,
        value: js.bytes / 1024,
        unit: 'KiB',
        baseline: { what: 'bare Vite React page', value: bareJs / 1024, unit: 'KiB' },
        ratio: ratioOf(js.bytes, bareJs),
        target: null,
        note: `${js.files} script files`,
      });
    }
    figures.push({
      bench: 'web',
      db: null,
      what: 'all JS of the build (gzip, every route)',
      value: appTotal / 1024,
      unit: 'KiB',
      baseline: { what: 'bare Vite React page', value: bareJs / 1024, unit: 'KiB' },
      ratio: ratioOf(appTotal, bareJs),
      target: null,
    });
    log(`web: initial JS per route measured; bare page ${(bareJs / 1024).toFixed(1)} KiB`);
    if (options.sizesOnly) return figures;

    // The orders overview, scrolled end to end.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addCookies([{ ...cookie, url: init.url }]);
    await context.addInitScript(OBSERVE_LONG_TASKS);
    const page = await context.newPage();
    const loadStart = nowMs();
    await page.goto(`${init.url}/orders`, { waitUntil: 'networkidle' });
    await page.locator('tbody tr, [role="row"]').first().waitFor({ timeout: 30_000 });
    const loadMs = nowMs() - loadStart;
    // The page's JavaScript heap after a full collection: what the page holds on to, not what it
    // has yet to free.
    const cdp = await context.newCDPSession(page);
    const heapInUse = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize / 2 ** 20;
    };
    const heapAtStart = await heapInUse();
    const budget = options.scrollBudgetMs ?? 60_000;
    // BENCH_WEB_PROFILE=<file.cpuprofile>: a Chromium CPU profile of the scroll, for DevTools.
    const profiler = process.env.BENCH_WEB_PROFILE ? cdp : null;
    if (profiler) {
      await profiler.send('Profiler.enable');
      await profiler.send('Profiler.setSamplingInterval', { interval: 500 });
      await profiler.send('Profiler.start');
    }
    const scroll = (await page.evaluate(`(${SCROLL_TO_END})(${budget})`)) as {
      from: number;
      to: number;
      frames: number;
      distance: number;
      maxRows: number;
      reachedEnd: boolean;
      container: string;
      scrollHeight: number;
      /** Time from one scroll step's frame to the next (the 60 Hz frame is 16.7 ms), while scrolling. */
      frameMs: { p50: number; p99: number; p999: number; max: number };
    };
    if (profiler) {
      const { profile } = await profiler.send('Profiler.stop');
      writeFileSync(process.env.BENCH_WEB_PROFILE!, JSON.stringify(profile));
      log(`web: CPU profile of the scroll written to ${process.env.BENCH_WEB_PROFILE}`);
    }
    const scrollTasks = await longTasksBetween(page, scroll.from, scroll.to);
    const scrollFrames = await longTasksBetween(page, scroll.from, scroll.to, '__longFrames');
    const longestScroll = longest(scrollTasks);
    figures.push({
      bench: 'web',
      db: null,
      what: `orders overview, ${options.orders.toLocaleString('en')} orders, scrolled end to end: longest task`,
      value: longestScroll,
      unit: 'ms',
      baseline: { what: 'long-task limit', value: 50, unit: 'ms' },
      ratio: longestScroll / 50,
      target: { text: 'no task > 50 ms', met: scrollTasks.every((t) => t.duration <= 50) && scroll.reachedEnd },
      note: `${scrollTasks.length} long tasks, ${scrollFrames.length} long animation frames (longest ${longest(scrollFrames).toFixed(0)} ms); ${scroll.frames} frames over ${((scroll.to - scroll.from) / 1000).toFixed(1)} s (frame to frame: median ${scroll.frameMs.p50.toFixed(1)} ms, p99 ${scroll.frameMs.p99.toFixed(1)}, p99.9 ${scroll.frameMs.p999.toFixed(1)}, longest ${scroll.frameMs.max.toFixed(1)}), ${Math.round(scroll.distance).toLocaleString('en')} px in ${scroll.container}; at most ${scroll.maxRows} rows in the DOM; ${scroll.reachedEnd ? 'reached the end' : 'did NOT reach the end'}; first rows after ${loadMs.toFixed(0)} ms`,
    });
    log(`web: scroll ${JSON.stringify({ ...scroll, longTasks: scrollTasks.length, longestScroll })}`);
    logLongFrames('the scroll', scrollFrames, 5);
    const heapAtEnd = await heapInUse();
    figures.push({
      bench: 'web',
      db: null,
      what: `orders overview: JavaScript heap in use after scrolling ${options.orders.toLocaleString('en')} orders (after a collection)`,
      value: heapAtEnd,
      unit: 'MiB',
      baseline: { what: 'the same page showing its first rows', value: heapAtStart, unit: 'MiB' },
      ratio: heapAtEnd / heapAtStart,
      target: null,
      note: 'the list keeps the pages near the view, so the heap should not grow with the orders scrolled past',
    });
    log(`web: heap ${heapAtStart.toFixed(1)} MiB at the first rows, ${heapAtEnd.toFixed(1)} MiB after the scroll`);

    // From the end back to the top with the keyboard (Home on a row): the list has let its first
    // pages go and jumps back to the first one, instead of loading every page on the way up.
    await page.locator('tbody tr[data-index] a').last().focus();
    const homeFrom = await page.evaluate(() => performance.now());
    await page.keyboard.press('Home');
    await page.waitForFunction(() => document.activeElement?.closest('tr')?.getAttribute('aria-rowindex') === '2', undefined, { timeout: 60_000 });
    const homeTo = await page.evaluate(() => performance.now());
    const homeTasks = await longTasksBetween(page, homeFrom, homeTo);
    figures.push({
      bench: 'web',
      db: null,
      what: `orders overview: Home at the end of ${options.orders.toLocaleString('en')} orders, until the first order has the focus`,
      value: homeTo - homeFrom,
      unit: 'ms',
      baseline: { what: 'first rows of the overview when opened', value: loadMs, unit: 'ms' },
      ratio: (homeTo - homeFrom) / loadMs,
      target: null,
      note: `${homeTasks.length} long tasks (longest ${longest(homeTasks).toFixed(0)} ms)`,
    });
    log(`web: Home from the end in ${(homeTo - homeFrom).toFixed(0)} ms`);

    // A drag on a 200-line order: one line from Unassigned into a new shipment.
    await page.goto(`${init.url}/orders/${big.orderId}`, { waitUntil: 'networkidle' });
    await page.getByRole('heading', { name: `Order #BIG${options.dragLines}` }).waitFor({ timeout: 30_000 });
    const openedAt = await page.evaluate(() => performance.now());
    const openTasks = await longTasksBetween(page, 0, openedAt);
    await page.getByRole('button', { name: '+ New shipment' }).click();
    const column = (title: string) => page.getByRole('region', { name: new RegExp(`^${title} \\d+`) });
    const source = column('Unassigned').locator(`[data-sku="${big.skus[0]}"]`);
    const target = column('Shipment 1');
    await source.waitFor();
    // As a person would: the board's top in view, so both ends of the drag are on screen.
    await page.evaluate(() => {
      const top = document.querySelector('.board')?.getBoundingClientRect().top ?? 0;
      window.scrollBy(0, top - 200);
    });
    if (process.env.BENCH_DEBUG_SHOTS) await page.screenshot({ path: join(tmpdir(), 'shipdesk-bench-before-drag.png') });
    const dragFrom = await page.evaluate(() => performance.now());
    const from = await source.boundingBox();
    const to = await target.boundingBox();
    if (!from || !to) throw new Error('web: cannot drag, source or target not visible');
    const sx = from.x + from.width / 2;
    const sy = from.y + from.height / 2;
    await page.mouse.move(sx, sy);
    await page.mouse.down();
    await page.mouse.move(sx + 8, sy + 4, { steps: 3 });
    await page.mouse.move(to.x + to.width / 2, to.y + Math.min(60, to.height / 2), { steps: 20 });
    await page.mouse.up();
    // Moving part of a quantity asks how many: confirm the default (all of them).
    const move = page.getByRole('dialog').getByRole('button', { name: 'Move' });
    const landed = column('Shipment 1').locator('[data-sku]').first();
    await Promise.race([move.waitFor({ timeout: 15_000 }).then(() => move.click()), landed.waitFor({ timeout: 15_000 })]).catch(() => undefined);
    await column('Shipment 1')
      .locator('[data-sku]')
      .first()
      .waitFor({ timeout: 15_000 })
      .catch(async (error: unknown) => {
        await page.screenshot({ path: join(tmpdir(), 'shipdesk-bench-drag.png') });
        throw error;
      });
    await page.getByText('saving…').waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
    const dragTo = await page.evaluate(() => performance.now());
    const dragTasks = await longTasksBetween(page, dragFrom, dragTo);
    const dragFrames = await longTasksBetween(page, dragFrom, dragTo, '__longFrames');
    if (!(await observerWorks(page))) throw new Error('web: the long-task observer did not see a deliberate 80 ms task; the long-task figures would be meaningless');
    const longestDrag = longest(dragTasks);
    figures.push({
      bench: 'web',
      db: null,
      what: `drag one line into a shipment on a ${options.dragLines}-line order: longest task`,
      value: longestDrag,
      unit: 'ms',
      baseline: { what: 'long-task limit', value: 50, unit: 'ms' },
      ratio: longestDrag / 50,
      target: { text: 'no task > 50 ms', met: dragTasks.every((t) => t.duration <= 50) },
      note: `${dragTasks.length} long tasks, ${dragFrames.length} long animation frames (longest ${longest(dragFrames).toFixed(0)} ms) during the drag and save (${(dragTo - dragFrom).toFixed(0)} ms); opening the order: ${openTasks.length} long tasks, longest ${longest(openTasks).toFixed(0)} ms`,
    });
    log(`web: drag ${dragTasks.length} long tasks, longest ${longestDrag.toFixed(0)} ms`);
    logLongFrames('the drag', dragFrames, 3);
    await context.close();
    return figures;
  } finally {
    await browser?.close();
    await child.close();
  }
}
