import { FIXTURE_EDITION } from './helpers/gazetteer';
import { gazetteerImportSuite } from './helpers/gazetteer-import-suite';

// The same tests on the full gazetteer, when the shared folder has it: gazetteer-import-full.test.ts.
gazetteerImportSuite(FIXTURE_EDITION);
