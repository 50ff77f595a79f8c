import type { Express } from 'express';

/**
 * Every route of the server, read from the app itself, as "METHOD /path": the app's own routes
 * (/healthz, /readyz) as they are, and the routes of the routers mounted at /api under /api.
 */
export function routesOf(app: Express): string[] {
  const out: string[] = [];
  const walk = (stack: { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: unknown[] } }[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) for (const method of Object.keys(layer.route.methods)) out.push(`${method.toUpperCase()} ${prefix}${layer.route.path}`);
      else if (layer.handle?.stack) walk(layer.handle.stack as typeof stack, '/api');
    }
  };
  walk((app as unknown as { router: { stack: Parameters<typeof walk>[0] } }).router.stack, '');
  return out;
}
