import { sql, type Kysely } from 'kysely';

/**
 * Running counts for the overview tabs, kept by the database itself so no write path can forget
 * them: statement triggers on the counted table add one row of changes (+n / -n per group) per
 * statement. Nothing is updated in place, so concurrent writers never wait on a shared counter
 * row; readers sum the rows of a group, and compaction (a job) folds them together now and then.
 * Statement triggers with transition tables also keep bulk imports cheap: one insert per
 * statement, however many orders it writes.
 */
function countedBy(counts: string, table: string, keys: string[]) {
  const cols = keys.join(', ');
  const changed = keys.map((k) => `o.${k} is distinct from n.${k}`).join(' or ');
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
      insert into ${counts} (${cols}, n)
        select ${cols}, sum(d) from (
          select ${keys.map((k) => `o.${k}`).join(', ')}, -1 as d from old_rows o join new_rows n on n.id = o.id where ${changed}
          union all
          select ${keys.map((k) => `n.${k}`).join(', ')}, 1 as d from old_rows o join new_rows n on n.id = o.id where ${changed}
        ) changes
        group by ${cols} having sum(d) <> 0;
      return null;
    end $fn$;
    create trigger ${table}_counted_insert after insert on ${table}
      referencing new table as new_rows for each statement execute function ${counts}_inserted();
    create trigger ${table}_counted_delete after delete on ${table}
      referencing old table as old_rows for each statement execute function ${counts}_deleted();
    create trigger ${table}_counted_update after update on ${table}
      referencing old table as old_rows new table as new_rows for each statement execute function ${counts}_updated();

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
