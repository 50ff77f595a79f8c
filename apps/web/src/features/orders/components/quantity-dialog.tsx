import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

export interface QuantityPrompt {
  sku: string;
  name: string;
  max: number;
  toName: string;
}

/** Asks how many units of a line to move, when more than one could go. */
export function QuantityDialog({ prompt, onConfirm, onCancel }: { prompt: QuantityPrompt; onConfirm(quantity: number): void; onCancel(): void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const [value, setValue] = useState(String(prompt.max));
  const inputId = useId();
  const hintId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    }
  }, []);

  const quantity = Number(value);
  const valid = Number.isInteger(quantity) && quantity >= 1 && quantity <= prompt.max;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (valid) onConfirm(quantity);
  };

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={`${inputId}-title`}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <form onSubmit={submit}>
        <h2 id={`${inputId}-title`}>{t('quantity.title')}</h2>
        <p>
          <strong>{prompt.sku}</strong> {prompt.name} → {prompt.toName}
        </p>
        <label htmlFor={inputId}>{t('quantity.label')}</label>
        <div className="quantity-row">
          <input
            id={inputId}
            type="number"
            inputMode="numeric"
            min={1}
            max={prompt.max}
            step={1}
            value={value}
            autoFocus
            aria-describedby={hintId}
            aria-invalid={!valid}
            onChange={(e) => setValue(e.target.value)}
            onFocus={(e) => e.target.select()}
          />
          <span id={hintId} className={valid ? 'hint' : 'hint error-text'}>
            {valid ? t('quantity.range', { max: prompt.max }) : t('quantity.invalid', { max: prompt.max })}
          </span>
        </div>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button primary" disabled={!valid}>
            {t('quantity.move')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
