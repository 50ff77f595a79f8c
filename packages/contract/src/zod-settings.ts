import { z } from 'zod';

// In the browser the dashboard runs under a Content-Security-Policy without 'unsafe-eval'. Zod
// probes for `new Function` (to compile faster parsers) when the first object schema is made, and
// the browser reports that probe as a CSP violation even though Zod catches it. So, in browsers,
// Zod is told not to try, before any schema below is made. The server keeps the compiled parsers.
if (typeof document !== 'undefined') z.config({ jitless: true });
