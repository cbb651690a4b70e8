'use client';
import { useId, useRef, useState } from 'react';

/**
 * A destructive action's form, folded behind a first button ("Record the death…"): nothing is
 * open on the page until the officer asks for it, and the form's own final button says what it
 * does. Opening moves the focus into the form; Cancel folds it again and gives the focus back.
 */
export function ConfirmStep({
  open: openLabel,
  cancel,
  children,
}: {
  open: string;
  cancel: string;
  children: React.ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const opener = useRef<HTMLButtonElement>(null);
  const body = useRef<HTMLDivElement>(null);
  return (
    <div className="confirm-step">
      <button
        ref={opener}
        type="button"
        className="danger"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => {
          setOpen((o) => !o);
          // After React has shown the form: the first field (or button) takes the focus.
          if (!open)
            requestAnimationFrame(() =>
              body.current?.querySelector<HTMLElement>('input, textarea, select, button')?.focus(),
            );
        }}
      >
        {openLabel}
      </button>
      <div id={id} ref={body} className="confirm-body" hidden={!open}>
        {children}
        <p>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setOpen(false);
              opener.current?.focus();
            }}
          >
            {cancel}
          </button>
        </p>
      </div>
    </div>
  );
}
