'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';

/**
 * The header's menu and the main navigation. On a wide screen both are always shown (the links as
 * a sidebar); on a phone they fold behind one disclosure button (globals.css, 48rem), so the page's
 * own content starts on the first screen. The state lives here, the rest is CSS: Escape and a new
 * page close it, and Escape puts the focus back on the button.
 */
export function NavLinks({
  items,
  label,
  menuLabel,
  userMenu,
}: {
  items: { href: string; label: string }[];
  label: string;
  menuLabel: string;
  /** The signed-in user's name, language switch and sign-out, rendered on the server. */
  userMenu: React.ReactNode;
}) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const [shownFor, setShownFor] = useState(pathname);
  const button = useRef<HTMLButtonElement>(null);
  // A new page closes the menu (state adjusted during render, not in an effect).
  if (shownFor !== pathname) {
    setShownFor(pathname);
    setOpen(false);
  }
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);
  const state = open ? 'open' : undefined;
  return (
    <>
      <button
        ref={button}
        type="button"
        className="menu-button"
        aria-expanded={open}
        aria-controls="site-nav user-menu"
        onClick={() => setOpen((o) => !o)}
      >
        <span aria-hidden="true" className="menu-icon" />
        {menuLabel}
      </button>
      <div id="user-menu" className="user-menu" data-state={state}>
        {userMenu}
      </div>
      <nav id="site-nav" aria-label={label} data-state={state}>
        <ul>
          {items.map((item) => {
            const current =
              item.href === '/' ? pathname === '/' : pathname === item.href || pathname.startsWith(`${item.href}/`);
            return (
              <li key={item.href}>
                <Link href={item.href} aria-current={current ? 'page' : undefined}>
                  {item.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
    </>
  );
}
