import { getTranslations } from 'next-intl/server';
import { BulkPlaceFilter } from './bulk-place-filter';

// The bulk enrolment's source and the member search's filters, as a plain GET form: the preview is
// the page itself, computed on the server from the URL (can be bookmarked). Places are chosen by name
// with the household search's address picker (components/search/place-filter.tsx).

type Props = {
  source: string;
  values: Record<string, string | undefined>;
  errors: Record<string, string>;
  /** The gazetteer's provinces in the reader's language, for the address picker. */
  provinces: { code: string; name: string }[];
};

export async function BulkSourceForm({ source, values, errors, provinces }: Props) {
  const [t, s, e] = await Promise.all([
    getTranslations('enrolments.bulk'),
    getTranslations('search'),
    getTranslations('errors'),
  ]);
  const errorText = (key: string) => (e.has(key as 'invalid') ? e(key as 'invalid') : e('invalid'));
  const text = (name: string, label: string, hint?: string) => (
    <div className="field">
      <label htmlFor={`bulk-${name}`}>{label}</label>
      {hint && (
        <span className="hint" id={`bulk-${name}-hint`}>
          {hint}
        </span>
      )}
      <input
        id={`bulk-${name}`}
        name={name}
        defaultValue={values[name] ?? ''}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `bulk-${name}-error` : hint ? `bulk-${name}-hint` : undefined}
      />
      <span className="error" id={`bulk-${name}-error`} aria-live="polite">
        {errors[name] ? errorText(errors[name]) : null}
      </span>
    </div>
  );
  const select = (name: string, label: string, options: [string, string][]) => (
    <div className="field">
      <label htmlFor={`bulk-${name}`}>{label}</label>
      <select id={`bulk-${name}`} name={name} defaultValue={values[name] ?? ''}>
        <option value="">{s('any')}</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <form method="get" className="stack card">
      <input type="hidden" name="preview" value="1" />
      <fieldset>
        <legend>{t('source')}</legend>
        <label>
          <input type="radio" name="source" value="eligibility" defaultChecked={source === 'eligibility'} />{' '}
          {t('sourceEligibility')}
        </label>
        <label>
          <input type="radio" name="source" value="search" defaultChecked={source === 'search'} /> {t('sourceSearch')}
        </label>
      </fieldset>
      <fieldset>
        <legend>{t('filters')}</legend>
        {text('q', s('query'), s('queryHint'))}
        <BulkPlaceFilter values={values} errors={errors} provinces={provinces} />
        {select('sex', s('sex'), [
          ['F', s('sexF')],
          ['M', s('sexM')],
        ])}
        {text('ageMin', s('ageMin'))}
        {text('ageMax', s('ageMax'))}
        {select('disability', s('disability'), [
          ['true', s('withDisability')],
          ['false', s('withoutDisability')],
        ])}
        {select('status', s('status'), [
          ['active', s('statusActive')],
          ['deceased', s('statusDeceased')],
          ['exited', s('statusExited')],
        ])}
      </fieldset>
      <p>
        <button type="submit">{t('preview')}</button>
      </p>
    </form>
  );
}
