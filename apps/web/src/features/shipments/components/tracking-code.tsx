import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { trackingUrl } from '../../../lib/tracking-url';

/** A tracking code linking to the carrier's page, with a copy button. */
export function TrackingCode({ code, carrier, postalCode, country }: { code: string | null; carrier: string | null; postalCode?: string; country?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  if (!code) return <span className="muted">—</span>;
  const url = trackingUrl(carrier, code, postalCode, country);
  return (
    <span className="tracking-code">
      {url ? (
        <a href={url} target="_blank" rel="noreferrer noopener">
          <code>{code}</code>
        </a>
      ) : (
        <code>{code}</code>
      )}
      <button
        type="button"
        className="link-button copy"
        aria-label={t('trackingCode.copyLabel', { code })}
        onClick={(e) => {
          e.stopPropagation();
          void navigator.clipboard?.writeText(code).then(() => {
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          });
        }}
      >
        {copied ? t('trackingCode.copied') : t('trackingCode.copy')}
      </button>
    </span>
  );
}
