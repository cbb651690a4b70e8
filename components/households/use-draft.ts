'use client';
import { useEffect } from 'react';
import { useWatch, type FieldValues, type UseFormReturn } from 'react-hook-form';

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
export function useAutosave<T extends FieldValues, O>(
  key: string,
  form: UseFormReturn<T, unknown, O>,
  enabled = true,
): void {
  const values = useWatch({ control: form.control });
  const json = JSON.stringify(values);
  // Untouched defaults are not a draft.
  const dirty = form.formState.isDirty;
  useEffect(() => {
    if (!enabled || !dirty) return;
    const save = () => {
      try {
        window.localStorage.setItem(key, json);
      } catch {
        // Storage full or disabled: the form still works, only without a draft.
      }
    };
    const timer = setTimeout(save, 300);
    // A reload or a closed tab must not lose the last keystrokes either.
    window.addEventListener('pagehide', save);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('pagehide', save);
    };
  }, [key, json, enabled, dirty]);
}
