import { describe, it } from 'vitest';
import { FULL_EDITION } from './helpers/gazetteer';
import { gazetteerImportSuite } from './helpers/gazetteer-import-suite';

// The import tests again on the full national gazetteer (../shared/data/gazetteer, never committed),
// in a database of their own. Without the shared folder, gazetteer-import.test.ts covers the Kep fixture.
if (FULL_EDITION) gazetteerImportSuite(FULL_EDITION);
else describe('gazetteer import (full gazetteer)', () => it.skip('needs the shared folder (../shared/data/gazetteer)'));
