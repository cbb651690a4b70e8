'use client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import type { ImportJobView } from '@/lib/imports/jobs';
import { ImportJobs } from './import-jobs';
import { UploadForm } from './upload-form';

/** The upload form and the job list, which polls while a job runs (the page can be left and reopened). */
export function ImportPanel({ initialJobs, maxBytes }: { initialJobs: ImportJobView[]; maxBytes: number }) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: 1 } } }));
  return (
    <QueryClientProvider client={client}>
      <UploadForm maxBytes={maxBytes} />
      <ImportJobs initialJobs={initialJobs} />
    </QueryClientProvider>
  );
}
