import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig, SERVER_NODE_FLAGS } from './config';

describe('server settings', () => {
  it('starts the server with the Node flags the benchmarks measured it with', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
    const start = pkg.scripts.start!;
    const node = start.slice(start.indexOf('node '));
    expect(node.split(' ').slice(1, 1 + SERVER_NODE_FLAGS.length)).toEqual(SERVER_NODE_FLAGS);
    expect(node).toContain('apps/server/src/main.ts');
  });

  it('refuses a port that is not one', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT must be a port number/);
    expect(loadConfig({ PORT: '8080' }).port).toBe(8080);
  });
});
