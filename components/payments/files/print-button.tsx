'use client';

/** Opens the browser's print dialog; hidden on paper by the summary's print stylesheet. */
export function PrintButton({ label, className }: { label: string; className?: string }) {
  return (
    <button type="button" className={className} onClick={() => window.print()}>
      {label}
    </button>
  );
}
