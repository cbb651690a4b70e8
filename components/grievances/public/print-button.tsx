'use client';

/** Opens the browser's print dialog (the receipt's print stylesheet leaves only the receipt). */
export function PrintButton({ label }: { label: string }) {
  return (
    <button type="button" onClick={() => window.print()}>
      {label}
    </button>
  );
}
