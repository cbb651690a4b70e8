'use client';
import { useTranslations } from 'next-intl';
import dynamic from 'next/dynamic';

function Loading() {
  return <p role="status">{useTranslations('enrol')('loading')}</p>;
}

// Client-only: the form starts from the draft kept in this browser, which the server cannot see.
export const EnrolmentFormLoader = dynamic(() => import('./enrolment-form').then((m) => m.EnrolmentForm), {
  ssr: false,
  loading: Loading,
});
