/**
 * A table that may be wider than a phone: it scrolls sideways inside this box instead of widening
 * the page. The box is a labelled region a keyboard can focus, so it can be scrolled with the arrow
 * keys too (a scrollable area with nothing focusable in it is out of a keyboard user's reach).
 * No hooks: usable from server and client components alike.
 */
export function TableScroll({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    // Focusable: WCAG asks that a keyboard can reach a scrollable area.
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
