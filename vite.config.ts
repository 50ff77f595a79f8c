import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

const at = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// One config: Vite builds apps/web into dist/web; Vitest runs one project per workspace.
export default defineConfig({
  root: at('./apps/web'),
  plugins: [react()],
  build: {
    outDir: at('./dist/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 600,
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
  test: {
    projects: [
      { test: { name: 'domain', root: at('./packages/domain'), environment: 'node' } },
      { test: { name: 'contract', root: at('./packages/contract'), environment: 'node' } },
      { test: { name: 'sandbox', root: at('./apps/sandbox'), environment: 'node', testTimeout: 20_000 } },
      { test: { name: 'shops', root: at('./packages/shops'), environment: 'node', testTimeout: 30_000 } },
      { test: { name: 'carriers', root: at('./packages/carriers'), environment: 'node', testTimeout: 30_000 } },
      {
        test: {
          name: 'server',
          root: at('./apps/server'),
          environment: 'node',
          globalSetup: [at('./apps/server/test/postgres-global-setup.ts')],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [react()],
        test: { name: 'web', root: at('./apps/web'), environment: 'happy-dom' },
      },
      { test: { name: 'bench', root: at('./bench'), include: ['**/*.test.ts'], environment: 'node', testTimeout: 180_000 } },
      {
        test: {
          name: 'e2e',
          root: at('./e2e'),
          include: ['**/*.e2e.ts'],
          environment: 'node',
          globalSetup: [at('./e2e/global-setup.ts')],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
