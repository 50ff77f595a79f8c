import { useTranslation } from 'react-i18next';
import type { ShipmentSummary } from '@shipdesk/contract';

export function SyncBadge({ status, error }: { status: ShipmentSummary['syncStatus']; error?: string | null }) {
  const { t } = useTranslation();
  return (
    <span className={`badge sync-badge-${status}`} title={error ?? undefined}>
      {t(`status.sync.${status}`)}
    </span>
  );
}
