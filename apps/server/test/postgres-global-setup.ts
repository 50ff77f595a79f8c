import type { TestProject } from 'vitest/node';

import './provided-context';
import { writeReliabilityDoc } from './reliability-report';
import { findPostgresBin, startThrowawayPostgres } from './throwaway-postgres';

/**
 * Starts a throwaway PostgreSQL server (initdb in a temp folder, loopback only) for the
 * integration tests, and stops it after. initdb refuses root, so as root it runs as `postgres`.
 */
export default async function setup(project: TestProject) {
  const bin = findPostgresBin();
  if (!bin) {
    const message = 'PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql).';
    if (process.env.CI) throw new Error(`${message} CI must run the integration tests on a real PostgreSQL.`);
    console.warn(`\n⚠ ${message} Integration tests run on PGlite only.\n`);
    project.provide('postgresUrl', '');
    return () => writeReliabilityDoc();
  }
  const postgres = await startThrowawayPostgres({ bin, durable: false });
  project.provide('postgresUrl', postgres.url);
  return () => {
    writeReliabilityDoc();
    postgres.stop();
  };
}
