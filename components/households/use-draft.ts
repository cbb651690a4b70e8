'use client';
import { useEffect } from 'react';
import type { FieldValues, UseFormReturn } from 'react-hook-form';

// An unsaved form is kept in the browser (localStorage), so that a reload or a crash loses nothing;
// it is cleared once saved or discarded. The forms using this are client-only (not server-rendered),
// so the draft can be read while the form is created.

export function readDraft<T>(key: string): T | null {
  try {
    const saved = window.localStorage.getItem(key);
    return saved ? (JSON.parse(saved) as T) : null;
  } catch {
    return null;
  }
}

export function clearDraft(key: string): void {
  window.localStorage.removeItem(key);
}

/** Saves every change (debounced) while the form lives. */
export function useAutosave<T extends FieldValues, O>(key: string, form: UseFormReturn<T, unknown, O>, enabled = true): void {
  useEffect(() => {
    if (!enabled) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const sub = form.watch((values) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        try {
          window.localStorage.setItem(key, JSON.stringify(values));
        } catch {
          // Storage full or disabled: the form still works, only without a draft.
        }
      }, 300);
    });
    return () => {
      clearTimeout(timer);
      sub.unsubscribe();
    };
  }, [key, form, enabled]);
}
