import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as initial from './migrations/0001-initial';
import * as integrationsAndJobs from './migrations/0002-integrations-and-jobs';
import * as labels from './migrations/0003-labels';
import * as tracking from './migrations/0004-tracking';
import * as labelBatches from './migrations/0005-label-batches';
import * as undo from './migrations/0006-undo';
import * as backorderPolicy from './migrations/0007-backorder-policy';
import * as requestIds from './migrations/0008-request-ids';
import * as supportAudit from './migrations/0009-support-audit';
import * as lineStock from './migrations/0010-line-stock';
import * as jobRerun from './migrations/0011-job-rerun';
import * as statusCounts from './migrations/0012-status-counts';
import * as ordersListCovering from './migrations/0013-orders-list-covering';

/** Every migration, in order. Add new ones here; never edit one that has shipped. */
const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-integrations-and-jobs': integrationsAndJobs,
  '0003-labels': labels,
  '0004-tracking': tracking,
  '0005-label-batches': labelBatches,
  '0006-undo': undo,
  '0007-backorder-policy': backorderPolicy,
  '0008-request-ids': requestIds,
  '0009-support-audit': supportAudit,
  '0010-line-stock': lineStock,
  '0011-job-rerun': jobRerun,
  '0012-status-counts': statusCounts,
  '0013-orders-list-covering': ordersListCovering,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
