'use client';
import { useTranslations } from 'next-intl';
import { useId, useState, useSyncExternalStore, type FormEvent } from 'react';
import { useErrorText } from '@/components/form/error-text';
import { DESCRIPTION_MAX } from '@/lib/grievances/schemas';
import { HONEYPOT_FIELD, publicReportSchema } from '@/lib/grievances/public-schema';
import styles from './public-report.module.css';
import { ReportSent } from './report-sent';

type Errors = Record<string, string[] | undefined>;
const subscribeToNothing = () => () => undefined;

interface Props {
  operatorCode: string;
  categories: { id: string; name: string }[];
  /** The plain form (no JavaScript) came back refused. */
  refused: boolean;
}

/**
 * The public grievance form. A plain HTML form that posts to the route handler (it works without
 * JavaScript: the handler redirects to the reference); once the page's script runs, it checks with the
 * same schema as the server, sends JSON and shows the reference or the errors beside their fields.
 */
export function PublicReportForm({ operatorCode, categories, refused }: Props) {
  const t = useTranslations('grievancePublic.form');
  const errorText = useErrorText();
  const id = useId();
  const [anonymous, setAnonymous] = useState(true);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(refused ? t('noJs') : null);
  const [pending, setPending] = useState(false);
  const [reference, setReference] = useState<string | null>(null);
  // Name and phone are hidden for an anonymous report only once the script runs (it clears them).
  // (false in the server's HTML, true once hydrated: no effect needed.)
  const scripted = useSyncExternalStore(
    subscribeToNothing,
    () => true,
    () => false,
  );
  const action = `/api/public/grievances/${encodeURIComponent(operatorCode)}`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
    if (fields.complainantKind === 'anonymous') Object.assign(fields, { complainantName: '', contactPhone: '' });
    const checked = await publicReportSchema.safeParseAsync({ subcategoryId: '', ...fields });
    if (!checked.success) {
      const found: Errors = {};
      for (const issue of checked.error.issues) (found[String(issue.path[0])] ??= []).push(issue.message);
      setErrors(found);
      setFormError(t('invalid'));
      return;
    }
    setErrors({});
    setFormError(null);
    setPending(true);
    try {
      const res = await fetch(action, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(fields),
      });
      const body = (await res.json().catch(() => null)) as {
        reference?: string;
        error?: { message?: string; fields?: Errors };
      } | null;
      if (res.status === 201 && body?.reference) return setReference(body.reference);
      if (body?.error?.fields) {
        setErrors(body.error.fields);
        setFormError(t('invalid'));
      } else setFormError(body?.error?.message ?? t('failed'));
    } catch {
      setFormError(t('failed'));
    } finally {
      setPending(false);
    }
  }

  if (reference) return <ReportSent reference={reference} againHref={`/report/${encodeURIComponent(operatorCode)}`} />;

  const describedBy = (name: string, hint?: boolean) =>
    [hint ? `${id}-${name}-hint` : null, errors[name] ? `${id}-${name}-error` : null].filter(Boolean).join(' ') ||
    undefined;
  const errorOf = (name: string) => {
    const key = errors[name]?.[0];
    return (
      <span className="error" id={`${id}-${name}-error`} aria-live="polite">
        {key ? errorText(key) : null}
      </span>
    );
  };

  return (
    <form className="stack" method="post" action={action} noValidate onSubmit={submit}>
      <div className="field">
        <label htmlFor={`${id}-category`}>{t('category')}</label>
        <select
          id={`${id}-category`}
          name="categoryId"
          required
          aria-required
          defaultValue=""
          aria-invalid={errors.categoryId ? true : undefined}
          aria-describedby={describedBy('categoryId')}
        >
          <option value="">{t('categoryPlaceholder')}</option>
          {categories.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        {errorOf('categoryId')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-description`}>{t('description')}</label>
        <span className="hint" id={`${id}-description-hint`}>
          {t('descriptionHint')}
        </span>
        <textarea
          id={`${id}-description`}
          name="description"
          rows={6}
          required
          aria-required
          maxLength={DESCRIPTION_MAX}
          aria-invalid={errors.description ? true : undefined}
          aria-describedby={describedBy('description', true)}
        />
        {errorOf('description')}
      </div>
      <fieldset className={styles.choices}>
        <legend>{t('who')}</legend>
        <label>
          <input
            type="radio"
            name="complainantKind"
            value="anonymous"
            checked={anonymous}
            onChange={() => setAnonymous(true)}
          />{' '}
          {t('anonymous')}
        </label>
        <label>
          <input
            type="radio"
            name="complainantKind"
            value="non_member"
            checked={!anonymous}
            onChange={() => setAnonymous(false)}
          />{' '}
          {t('named')}
        </label>
      </fieldset>
      {/* Without JavaScript both stay visible; the server drops them for an anonymous report. */}
      <div className="stack" hidden={scripted && anonymous}>
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('name')}</label>
          <input
            id={`${id}-name`}
            name="complainantName"
            autoComplete="name"
            aria-invalid={errors.complainantName ? true : undefined}
            aria-describedby={describedBy('complainantName')}
          />
          {errorOf('complainantName')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-phone`}>{t('phone')}</label>
          <span className="hint" id={`${id}-contactPhone-hint`}>
            {t('phoneHint')}
          </span>
          <input
            id={`${id}-phone`}
            name="contactPhone"
            type="tel"
            autoComplete="tel"
            aria-invalid={errors.contactPhone ? true : undefined}
            aria-describedby={describedBy('contactPhone', true)}
          />
          {errorOf('contactPhone')}
        </div>
      </div>
      <div className={styles.trap} aria-hidden="true">
        <label htmlFor={`${id}-${HONEYPOT_FIELD}`}>{t('honeypot')}</label>
        <input id={`${id}-${HONEYPOT_FIELD}`} name={HONEYPOT_FIELD} type="text" tabIndex={-1} autoComplete="off" />
      </div>
      <div aria-live="polite">
        {formError && (
          <p className="form-error" role="alert">
            {formError}
          </p>
        )}
      </div>
      <div>
        <button type="submit" disabled={pending}>
          {pending ? t('sending') : t('submit')}
        </button>
      </div>
    </form>
  );
}
