import type { ShipmentSummary } from '@shipdesk/contract';

const TEXT: Record<ShipmentSummary['syncStatus'], string> = {
  not_synced: 'Not synced',
  pending: 'Syncing',
  synced: 'Synced',
  failed: 'Failed to sync',
};

export function SyncBadge({ status, error }: { status: ShipmentSummary['syncStatus']; error?: string | null }) {
  return (
    <span className={`badge sync-badge-${status}`} title={error ?? undefined}>
      {TEXT[status]}
    </span>
  );
}
