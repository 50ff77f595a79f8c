import { useEffect, useRef, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';

/** Dialogs live in the URL (`?dialog=name&…`), so a reload or a shared link keeps them open. */
export function useUrlDialog(name: string) {
  const [params, setParams] = useSearchParams();
  const isOpen = params.get('dialog') === name;
  return {
    isOpen,
    params,
    open(extra: Record<string, string> = {}) {
      setParams((p) => {
        const next = new URLSearchParams(p);
        next.set('dialog', name);
        for (const [k, v] of Object.entries(extra)) next.set(k, v);
        return next;
      });
    },
    close(keys: string[] = []) {
      setParams((p) => {
        const next = new URLSearchParams(p);
        next.delete('dialog');
        for (const k of keys) next.delete(k);
        return next;
      });
    },
  };
}

/** A modal dialog on the native <dialog> element: focus is trapped and Escape closes it. */
export function Modal({ title, onClose, children }: { title: string; onClose(): void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    }
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-label={title}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2>{title}</h2>
      {children}
    </dialog>
  );
}
