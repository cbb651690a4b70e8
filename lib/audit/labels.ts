// Words for the audit trail's codes, for people: an action code ("auth.sign_in") is shown by its label
// in the reader's language (messages/*/audit.json, `audit.actions.<code with _ for .>`), a record type
// likewise (`audit.entities.<type>`). Plain module: the labels are looked up with next-intl's `has`, so
// a code written before its label exists still shows (as itself) rather than failing the page.

/** Every action the code base writes to the audit trail (lib/**: writeAudit calls), in area order. */
export const AUDIT_ACTIONS = [
  'auth.sign_in',
  'auth.sign_in_failed',
  'auth.sign_in_rate_limited',
  'auth.sign_out',
  'auth.locked',
  'user.create',
  'user.update',
  'user.deactivate',
  'user.reactivate',
  'user.reset_password',
  'user.change_password',
  'user.set_locale',
  'operator.create',
  'operator.deactivate',
  'operator.reactivate',
  'operator.camdx_represented_party',
  'operator_holiday.add',
  'operator_holiday.remove',
  'gazetteer.import',
  'household.create',
  'household.update',
  'household.head_change',
  'household.delete',
  'household.duplicates_confirmed',
  'household.import',
  'member.create',
  'member.update',
  'member.move',
  'member.death',
  'member.exit',
  'member.delete',
  'member.khmer_id_override',
  'member.khmer_id_verified',
  'member.registry_retry',
  'registry_review.link',
  'registry_review.dismiss',
  'registry_review.correct',
  'import.upload',
  'import.finish',
  'export.start',
  'export.finish',
  'programme.create',
  'programme.update',
  'programme.status',
  'enrolment.create',
  'enrolment.bulk',
  'enrolment.move',
  'enrolment.status',
  'enrolment.payment_details',
  'paymentProvider.create',
  'paymentProvider.update',
  'paymentProvider.delete',
  'paymentList.generate',
  'paymentList.regenerate',
  'paymentList.submit',
  'paymentList.approve',
  'paymentList.reject',
  'paymentList.export',
  'paymentList.file',
  'paymentList.results',
  'paymentList.reconcile',
  'paymentList.carry',
  'paymentList.close',
  'grievance.create',
  'grievance.publicIntake',
  'grievance.assign',
  'grievance.status',
  'grievance.reopen',
  'grievance.comment',
  'grievance.attach',
  'grievance.escalate',
  'grievance_category.create',
  'grievance_category.update',
] as const;

/** The message key of an action code's label. */
export const actionLabelKey = (action: string) => `audit.actions.${action.replace(/\./g, '_')}`;
/** The message key of a record type's name. */
export const entityLabelKey = (entityType: string) => `audit.entities.${entityType}`;

interface Lookup {
  (key: string): string;
  has(key: string): boolean;
}

/** An action code in words; the code itself only for one written before its label. */
export function actionLabel(t: Lookup, action: string): string {
  return t.has(actionLabelKey(action)) ? t(actionLabelKey(action)) : action;
}

/** A record type in words. */
export function entityLabel(t: Lookup, entityType: string): string {
  return t.has(entityLabelKey(entityType)) ? t(entityLabelKey(entityType)) : entityType;
}
