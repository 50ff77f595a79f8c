import { sql, type Kysely } from 'kysely';

/**
 * Running counts for the overview tabs, kept by the database itself so no write path can forget
 * them: triggers on the counted table append rows of changes (+n / -n per group). Nothing is
 * updated in place, so concurrent writers never wait on a shared counter row; readers sum the rows
 * of a group, and compaction (a job) folds them together now and then. Inserts and deletes are
 * counted per statement (transition tables), so a bulk import adds one insert however many orders
 * it writes; updates per row, and only those that change a counted column.
 */
function countedBy(counts: string, table: string, keys: string[]) {
  const cols = keys.join(', ');
  return `
    create table ${counts} (
      ${keys.map((k) => `${k} ${k.endsWith('_id') ? 'uuid' : 'text'} not null`).join(',\n      ')},
      n integer not null
    );
    create index ${counts}_merchant_idx on ${counts} (merchant_id);

    create function ${counts}_inserted() returns trigger language plpgsql as $fn$
    begin
      insert into ${counts} (${cols}, n) select ${cols}, count(*) from new_rows group by ${cols};
      return null;
    end $fn$;
    create function ${counts}_deleted() returns trigger language plpgsql as $fn$
    begin
      insert into ${counts} (${cols}, n) select ${cols}, -count(*) from old_rows group by ${cols};
      return null;
    end $fn$;
    create function ${counts}_updated() returns trigger language plpgsql as $fn$
    begin
      insert into ${counts} (${cols}, n) values (${keys.map((k) => `old.${k}`).join(', ')}, -1), (${keys.map((k) => `new.${k}`).join(', ')}, 1);
      return null;
    end $fn$;
    create trigger ${table}_counted_insert after insert on ${table}
      referencing new table as new_rows for each statement execute function ${counts}_inserted();
    create trigger ${table}_counted_delete after delete on ${table}
      referencing old table as old_rows for each statement execute function ${counts}_deleted();
    -- Per row, and only when a counted column changed: most updates (a version, a timestamp) then
    -- cost nothing here, where a statement trigger would have to collect every updated row.
    create trigger ${table}_counted_update after update on ${table}
      for each row when (${keys.map((k) => `old.${k} is distinct from new.${k}`).join(' or ')}) execute function ${counts}_updated();

    insert into ${counts} (${cols}, n) select ${cols}, count(*) from ${table} group by ${cols};
  `;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(countedBy('order_counts', 'orders', ['merchant_id', 'integration_id', 'country', 'fulfilment_status'])).execute(db);
  await sql.raw(countedBy('shipment_counts', 'shipments', ['merchant_id', 'status', 'sync_status'])).execute(db);
  // The shipments list filtered by sync status ("failed to sync") walks straight to its page.
  await sql`
    drop index shipments_sync_idx;
    create index shipments_sync_idx on shipments (merchant_id, sync_status, created_at desc, id desc);
  `.execute(db);
}
