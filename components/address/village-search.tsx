'use client';
import { useTranslations } from 'next-intl';
import { useId, useState, type KeyboardEvent } from 'react';
import styles from './address-picker.module.css';
import { MIN_QUERY, useDebounced, useDisplayName, useVillageSearch, type VillageMatch } from './gazetteer-api';

/**
 * Type-ahead for a village by its Khmer or Latin name, as an ARIA 1.2 combobox: the input keeps
 * the focus, the arrow keys move through the listbox (aria-activedescendant), Enter chooses,
 * Escape closes. The number of matches is announced.
 */
export function VillageSearch({ onChoose }: { onChoose: (village: VillageMatch) => void }) {
  const t = useTranslations('gazetteer.picker');
  const name = useDisplayName();
  const id = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const q = useDebounced(text.trim());
  const search = useVillageSearch(q);
  const options = q === text.trim() ? (search.data ?? []) : [];
  const ready = q.length >= MIN_QUERY && q === text.trim() && !search.isFetching;
  const expanded = open && ready && options.length > 0;
  const listId = `${id}-list`;
  const optionId = (i: number) => `${id}-option-${i}`;

  const choose = (v: VillageMatch) => {
    onChoose(v);
    setText('');
    setOpen(false);
    setActive(-1);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      if (options.length === 0) return;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (i < 0 ? (step > 0 ? 0 : options.length - 1) : (i + step + options.length) % options.length));
    } else if (e.key === 'Enter') {
      // Enter in the search box never submits the surrounding form.
      e.preventDefault();
      const chosen = expanded ? options[active < 0 ? 0 : active] : undefined;
      if (chosen) choose(chosen);
    } else if (e.key === 'Escape' && expanded) {
      e.preventDefault();
      setOpen(false);
      setActive(-1);
    }
  };

  let status = '';
  if (q.length >= MIN_QUERY && q === text.trim()) {
    if (search.isFetching) status = t('searching');
    else if (search.isError) status = t('loadFailed');
    else status = options.length > 0 ? t('found', { count: options.length }) : t('noMatch');
  }

  return (
    <div className={`field ${styles.wide}`}>
      <label htmlFor={id}>{t('search')}</label>
      <span className="hint" id={`${id}-hint`}>
        {t('searchHint')}
      </span>
      <div className={styles.combo}>
        <input
          id={id}
          type="text"
          role="combobox"
          autoComplete="off"
          spellCheck={false}
          value={text}
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-describedby={`${id}-hint ${id}-status`}
          aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
          onChange={(e) => {
            setText(e.target.value);
            setOpen(true);
            setActive(-1);
          }}
          onKeyDown={onKeyDown}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
        />
        <ul id={listId} role="listbox" aria-label={t('results')} className={styles.listbox} hidden={!expanded}>
          {options.map((v, i) => (
            <li
              key={v.code}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              // Keeps the focus in the input, so that the click is not lost to its blur.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(v)}
            >
              {name(v.village)}
              <span className={styles.path}>{[v.commune, v.district, v.province].map(name).join(', ')}</span>
            </li>
          ))}
        </ul>
      </div>
      <span id={`${id}-status`} className={styles.visuallyHidden} aria-live="polite">
        {status}
      </span>
    </div>
  );
}
