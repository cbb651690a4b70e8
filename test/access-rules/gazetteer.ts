import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Rules } from './types';

const fixture = path.resolve(import.meta.dirname, '..', 'fixtures', 'gazetteer', 'pumi-admin-units-flat.csv');

/** The upload form's data: the Kep extract (26 units), small enough to import for every allowed caller. */
function upload(): FormData {
  const data = new FormData();
  data.append('files', new File([readFileSync(fixture)], 'pumi-admin-units-flat.csv', { type: 'text/csv' }));
  return data;
}

const SHARED = "The national gazetteer: reference data every operator shares, with no operator's records in it.";

export const rules: Rules = {
  'app/api/v1/gazetteer/upload/route.ts#POST': {
    access: 'operators',
    request: () => ({ url: 'http://localhost/api/v1/gazetteer/upload', method: 'POST', body: upload() }),
    crossOperator: false,
    reason: `Platform administrators only. ${SHARED}`,
  },
  'app/api/v1/gazetteer/units/route.ts#GET': {
    access: 'signedIn',
    request: () => ({ url: 'http://localhost/api/v1/gazetteer/units?parent=23' }),
    crossOperator: false,
    reason: SHARED,
  },
  'app/api/v1/gazetteer/villages/route.ts#GET': {
    access: 'signedIn',
    request: () => ({ url: 'http://localhost/api/v1/gazetteer/villages?q=kep' }),
    crossOperator: false,
    reason: SHARED,
  },
};
