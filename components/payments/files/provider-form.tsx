'use client';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import {
  createProviderAction,
  deleteProviderAction,
  updateProviderAction,
} from '@/app/(app)/payments/providers/actions';
import { useErrorText } from '@/components/form/error-text';
import { FormError } from '@/components/form/fields';
import type { FieldErrors } from '@/lib/errors';
import {
  DEFAULT_LAYOUT,
  DELIMITER_NAMES,
  DELIMITERS,
  providerSchema,
  type ProviderInput,
  type ProviderLayout,
} from '@/lib/payments/files-schemas';
import {
  AMOUNT_FORMATS,
  FILE_FORMATS,
  PAYMENT_CHANNELS,
  PROVIDER_FIELDS,
  type ProviderField,
} from '@/lib/payments/values';

interface Props {
  /** Absent: a new provider. */
  provider?: { id: string; version: number; name: string; channel: string; layout: ProviderLayout };
}

/** A provider and its file layout: columns in order, each a field and its header; one schema with the server. */
export function ProviderForm({ provider }: Props) {
  const t = useTranslations('paymentFiles.providers');
  const errorText = useErrorText();
  const router = useRouter();
  const id = useId();
  const [name, setName] = useState(provider?.name ?? '');
  const [channel, setChannel] = useState(provider?.channel ?? 'wing');
  const [layout, setLayout] = useState<ProviderLayout>(provider?.layout ?? DEFAULT_LAYOUT);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [saved, setSaved] = useState(false);

  const err = (path: string) => errors[path]?.[0];
  const errorOf = (path: string, fieldId: string) => (
    <span className="error" id={`${fieldId}-error`} aria-live="polite">
      {err(path) ? errorText(err(path)) : null}
    </span>
  );
  const described = (path: string, fieldId: string) => (err(path) ? `${fieldId}-error` : undefined);
  const setColumns = (columns: ProviderLayout['columns']) => setLayout({ ...layout, columns });
  const move = (i: number, by: -1 | 1) => {
    const cols = [...layout.columns];
    [cols[i], cols[i + by]] = [cols[i + by]!, cols[i]!];
    setColumns(cols);
  };
  const unused = PROVIDER_FIELDS.find((f) => !layout.columns.some((c) => c.field === f));

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    setSaved(false);
    const input = { name, channel, layout } as ProviderInput;
    const parsed = providerSchema.safeParse(input);
    if (!parsed.success) {
      const out: FieldErrors = {};
      for (const issue of parsed.error.issues)
        (out[issue.path.map(String).join('.') || '_form'] ??= []).push(issue.message);
      setErrors(out);
      return;
    }
    setErrors({});
    setPending(true);
    try {
      const result = provider
        ? await updateProviderAction({ ...input, id: provider.id, version: provider.version })
        : await createProviderAction(input);
      if (result.ok) {
        setSaved(true);
        if (provider) router.refresh();
        else router.push(`/payments/providers/${result.data.id}`);
      } else {
        setErrors(result.fieldErrors ?? {});
        setFormError(result.messageKey);
      }
    } catch {
      setFormError('NETWORK');
    } finally {
      setPending(false);
    }
  }

  async function onDelete() {
    if (!provider || !window.confirm(t('confirmDelete'))) return;
    setPending(true);
    try {
      const result = await deleteProviderAction({ id: provider.id });
      if (result.ok) router.push('/payments/providers');
      else setFormError(result.messageKey);
    } catch {
      setFormError('NETWORK');
    } finally {
      setPending(false);
    }
  }

  return (
    <form className="stack" onSubmit={onSubmit} noValidate>
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('name')}</label>
        <input
          id={`${id}-name`}
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-required
          aria-invalid={err('name') ? true : undefined}
          aria-describedby={described('name', `${id}-name`)}
        />
        {errorOf('name', `${id}-name`)}
      </div>
      <div className="field">
        <label htmlFor={`${id}-channel`}>{t('channel')}</label>
        <select id={`${id}-channel`} value={channel} onChange={(e) => setChannel(e.target.value)}>
          {PAYMENT_CHANNELS.map((c) => (
            <option key={c} value={c}>
              {t(`channels.${c}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-format`}>{t('format')}</label>
        <select
          id={`${id}-format`}
          value={layout.format}
          onChange={(e) => setLayout({ ...layout, format: e.target.value as ProviderLayout['format'] })}
        >
          {FILE_FORMATS.map((f) => (
            <option key={f} value={f}>
              {t(`formats.${f}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-amounts`}>{t('amountFormat')}</label>
        <select
          id={`${id}-amounts`}
          value={layout.amountFormat}
          onChange={(e) => setLayout({ ...layout, amountFormat: e.target.value as ProviderLayout['amountFormat'] })}
        >
          {AMOUNT_FORMATS.map((f) => (
            <option key={f} value={f}>
              {t(`amountFormats.${f}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-delimiter`}>{t('delimiter')}</label>
        <select
          id={`${id}-delimiter`}
          value={layout.delimiter ?? ','}
          onChange={(e) => setLayout({ ...layout, delimiter: e.target.value as ProviderLayout['delimiter'] })}
        >
          {DELIMITERS.map((d) => (
            <option key={d} value={d}>
              {t(`delimiters.${DELIMITER_NAMES[d]}`)}
            </option>
          ))}
        </select>
      </div>
      <fieldset>
        <legend>{t('columns')}</legend>
        <p className="hint" id={`${id}-columns-hint`}>
          {t('columnsHint')}
        </p>
        {err('layout.columns') && (
          <p className="error" role="alert">
            {errorText(err('layout.columns'))}
          </p>
        )}
        <ol className="stack">
          {layout.columns.map((c, i) => {
            const fid = `${id}-col-${i}`;
            const n = i + 1;
            return (
              <li key={i}>
                <fieldset>
                  <legend>{t('column', { n })}</legend>
                  <div className="field">
                    <label htmlFor={`${fid}-field`}>{t('field')}</label>
                    <select
                      id={`${fid}-field`}
                      value={c.field}
                      aria-invalid={err(`layout.columns.${i}.field`) ? true : undefined}
                      aria-describedby={described(`layout.columns.${i}.field`, `${fid}-field`)}
                      onChange={(e) =>
                        setColumns(
                          layout.columns.map((x, j) =>
                            j === i ? { ...x, field: e.target.value as ProviderField } : x,
                          ),
                        )
                      }
                    >
                      {PROVIDER_FIELDS.map((f) => (
                        <option key={f} value={f}>
                          {t(`fields.${f}`)}
                        </option>
                      ))}
                    </select>
                    {errorOf(`layout.columns.${i}.field`, `${fid}-field`)}
                  </div>
                  <div className="field">
                    <label htmlFor={`${fid}-header`}>{t('header')}</label>
                    <input
                      id={`${fid}-header`}
                      value={c.header}
                      aria-invalid={err(`layout.columns.${i}.header`) ? true : undefined}
                      aria-describedby={described(`layout.columns.${i}.header`, `${fid}-header`)}
                      onChange={(e) =>
                        setColumns(layout.columns.map((x, j) => (j === i ? { ...x, header: e.target.value } : x)))
                      }
                    />
                    {errorOf(`layout.columns.${i}.header`, `${fid}-header`)}
                  </div>
                  <div className="actions">
                    <button
                      type="button"
                      disabled={i === 0}
                      onClick={() => move(i, -1)}
                      aria-label={t('moveUp', { n })}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      disabled={i === layout.columns.length - 1}
                      onClick={() => move(i, 1)}
                      aria-label={t('moveDown', { n })}
                    >
                      ↓
                    </button>
                    <button
                      type="button"
                      onClick={() => setColumns(layout.columns.filter((_, j) => j !== i))}
                      aria-label={t('removeColumn', { n })}
                    >
                      ✕
                    </button>
                  </div>
                </fieldset>
              </li>
            );
          })}
        </ol>
        {unused && (
          <button type="button" onClick={() => setColumns([...layout.columns, { field: unused, header: unused }])}>
            {t('addColumn')}
          </button>
        )}
      </fieldset>
      <FormError messageKey={formError} />
      <div role="status">{saved && <p className="form-ok">{t('saved')}</p>}</div>
      <div className="actions">
        <button type="submit" disabled={pending}>
          {pending ? t('saving') : t('save')}
        </button>
        {provider && (
          <button type="button" onClick={onDelete} disabled={pending}>
            {t('delete')}
          </button>
        )}
      </div>
    </form>
  );
}
