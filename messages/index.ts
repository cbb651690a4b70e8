// The catalogues, one file per area so that areas can grow independently; deep-merged per language.
import enAudit from './en/audit.json';
import enCore from './en/core.json';
import enDashboard from './en/dashboard.json';
import enEnrolments from './en/enrolments.json';
import enGazetteer from './en/gazetteer.json';
import enGrievancePublic from './en/grievance-public.json';
import enGrievances from './en/grievances.json';
import enHouseholds from './en/households.json';
import enImports from './en/imports.json';
import enPaymentFiles from './en/payment-files.json';
import enPayments from './en/payments.json';
import enProgrammes from './en/programmes.json';
import enRecords from './en/records.json';
import enRegistry from './en/registry.json';
import enSearch from './en/search.json';
import enUi from './en/ui.json';
import kmAudit from './km/audit.json';
import enSecurity from './en/security.json';
import kmCore from './km/core.json';
import kmDashboard from './km/dashboard.json';
import kmEnrolments from './km/enrolments.json';
import kmGazetteer from './km/gazetteer.json';
import kmGrievancePublic from './km/grievance-public.json';
import kmGrievances from './km/grievances.json';
import kmHouseholds from './km/households.json';
import kmImports from './km/imports.json';
import kmPaymentFiles from './km/payment-files.json';
import kmPayments from './km/payments.json';
import kmProgrammes from './km/programmes.json';
import kmRecords from './km/records.json';
import kmRegistry from './km/registry.json';
import kmSearch from './km/search.json';
import kmUi from './km/ui.json';
import kmSecurity from './km/security.json';

type Tree = { [key: string]: string | Tree };

function merge(...parts: object[]): Tree {
  const out: Tree = {};
  for (const part of parts) {
    for (const [key, value] of Object.entries(part as Tree)) {
      const existing = out[key];
      out[key] = typeof value === 'object' && typeof existing === 'object' ? merge(existing, value) : value;
    }
  }
  return out;
}

export type Messages = typeof enCore &
  typeof enDashboard &
  typeof enAudit &
  typeof enEnrolments &
  typeof enPayments &
  typeof enPaymentFiles &
  typeof enGazetteer &
  typeof enGrievances &
  typeof enGrievancePublic &
  typeof enHouseholds &
  typeof enImports &
  typeof enProgrammes &
  typeof enRecords &
  typeof enRegistry &
  typeof enSearch &
  typeof enUi &
  typeof enSecurity;

export const MESSAGES = {
  en: merge(
    enCore,
    enDashboard,
    enAudit,
    enEnrolments,
    enPayments,
    enPaymentFiles,
    enGazetteer,
    enGrievances,
    enGrievancePublic,
    enHouseholds,
    enImports,
    enProgrammes,
    enRecords,
    enRegistry,
    enSearch,
    enUi,
    enSecurity,
  ) as Messages,
  km: merge(
    kmCore,
    kmDashboard,
    kmAudit,
    kmEnrolments,
    kmPayments,
    kmPaymentFiles,
    kmGazetteer,
    kmGrievances,
    kmGrievancePublic,
    kmHouseholds,
    kmImports,
    kmProgrammes,
    kmRecords,
    kmRegistry,
    kmSearch,
    kmUi,
    kmSecurity,
  ) as Messages,
};
