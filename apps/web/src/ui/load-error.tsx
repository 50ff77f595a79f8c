import { useTranslation } from 'react-i18next';

/** What failed to load, in words, with a "Try again" that loads it again. */
export function LoadError({ message, onRetry }: { message: string; onRetry(): void }) {
  const { t } = useTranslation();
  return (
    <p className="alert error" role="alert">
      {message}{' '}
      <button type="button" className="link-button" onClick={onRetry}>
        {t('common.tryAgain')}
      </button>
    </p>
  );
}
