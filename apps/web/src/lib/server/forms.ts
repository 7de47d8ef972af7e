/** Turns API problems into what a form shows: one message on top, one per named field. */
import { fail, type ActionFailure } from '@sveltejs/kit';
import type { TProblem } from '@pilot/contracts';
import { PASSWORD_MIN } from '@pilot/contracts';
import { m } from '#paraglide/messages.js';
import type { FormResult } from '#lib/forms.ts';

/** A localized sentence for a failed call: by the API's `code` first, then by HTTP status. */
export function problemMessage(problem: TProblem): string {
  switch (problem.code) {
    case 'invalid_credentials':
      return m.login_invalid();
    case 'account_locked':
      return m.login_locked({ minutes: Math.max(1, Math.ceil((problem.retryAfter ?? 900) / 60)) });
    case 'wrong_password':
      return m.password_wrong();
    case 'invalid_code':
      return m.mfa_invalid_code();
    case 'api_unavailable':
      return m.error_unavailable();
    case 'billing_restricted':
      return m.billing_error_restricted();
    case 'seat_limit_reached':
      return m.billing_error_seat_limit();
    case 'stripe_unavailable':
      return m.billing_error_unavailable();
    case 'already_subscribed':
      return m.billing_error_already_subscribed();
    case 'unit_unassigned':
      return m.problem_unit_unassigned();
    case 'intake_paused':
      return m.problem_intake_paused();
    case 'unit_inactive':
      return m.problem_unit_inactive();
    case 'referral_transition':
      return m.problem_referral_transition();
    case 'assignment_overlaps':
      return m.problem_assignment_overlaps();
    case 'assignment_already_ends':
      return m.problem_assignment_already_ends();
    case 'unit_code_taken':
      return m.problem_unit_code_taken();
    case 'wave_full':
      return m.problem_wave_full();
    case 'unit_in_another_wave':
      return m.problem_unit_in_another_wave();
    case 'holiday_exists':
      return m.problem_holiday_exists();
    case 'intake_already_paused':
    case 'intake_not_paused':
      return m.problem_intake_changed();
  }
  const status = problem.status;
  if (status === 400 || status === 422) return m.form_fix_errors();
  if (status === 403) return m.error_forbidden();
  if (status === 404) return m.error_not_found();
  if (status === 429) return problem.retryAfter ? `${m.error_too_many()}. ${m.error_retry_in({ seconds: problem.retryAfter })}` : m.error_rate_limited();
  if (status >= 500) return m.error_server();
  return problem.detail ?? problem.title;
}

// The API names fields in English; we know what each of our fields expects, in the reader's language.
const FIELD_MESSAGES: Record<string, () => string> = {
  email: m.field_email_invalid,
  contactEmail: m.field_email_invalid,
  phone: m.field_phone_invalid,
  contactPhone: m.field_phone_invalid,
  edrpou: m.field_edrpou_invalid,
  password: () => m.field_password_short({ min: PASSWORD_MIN }),
  newPassword: () => m.field_password_short({ min: PASSWORD_MIN }),
  currentPassword: m.password_wrong,
  roles: m.field_roles_required,
  fullName: m.field_required,
  name: m.field_required,
  oblastCode: m.field_required,
  seatLimit: m.field_seat_limit_invalid,
  relation: m.refer_relation_required,
  status: m.field_choose,
  categories: m.refer_categories_required,
  needs: m.field_required,
  given: m.refer_consent_required,
  code: m.unit_code_invalid,
  reason: m.field_choose,
  caseManagerId: m.field_choose,
  startsOn: m.field_date_invalid,
  endsOn: m.field_date_invalid,
  providerId: m.field_choose,
  date: m.field_date_invalid,
};

/**
 * The API names a field with the request part first (`body.admin.email`, `querystring.from`);
 * JSON-pointer style (`/admin/email`) is read too. Forms name it `admin.email`.
 */
const fieldName = (path: string) =>
  path
    .replace(/^\//, '')
    .replaceAll('/', '.')
    .replace(/^(body|querystring|params|headers)\./, '');

// Some field errors carry a code saying exactly what is wrong, whatever the field.
const CODE_MESSAGES: Record<string, () => string> = {
  invalid_code: m.mfa_invalid_code,
  password_too_common: m.field_password_common,
  password_too_short: () => m.field_password_short({ min: PASSWORD_MIN }),
};

export function fieldErrors(problem: TProblem): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const { path, message, code } of problem.errors ?? []) {
    const name = fieldName(path);
    const last = name.split('.').at(-1) ?? name;
    errors[name] ??= (code && CODE_MESSAGES[code]?.()) ?? FIELD_MESSAGES[last]?.() ?? message;
  }
  return errors;
}

/** Fails the action with the API's problem, echoing back what the person typed (never passwords). */
export function failWith(
  result: { status: number; problem: TProblem },
  values: Record<string, string> = {},
  extra: Partial<FormResult> = {},
): ActionFailure<FormResult> {
  const status = result.status >= 400 && result.status < 600 ? result.status : 502;
  const message = problemMessage(result.problem);
  return fail(status, { message, code: result.problem.code, fieldErrors: fieldErrors(result.problem), values, ...extra });
}

/** Plain text fields of a form, trimmed; passwords are read separately and never echoed. */
export function textFields<K extends string>(data: FormData, names: readonly K[]): Record<K, string> {
  return Object.fromEntries(names.map((name) => [name, String(data.get(name) ?? '').trim()])) as Record<K, string>;
}

/** Fails before calling the API, naming the fields to fix. */
export function failFields(
  fieldErrors: Record<string, string>,
  values: Record<string, string> = {},
  extra: Partial<FormResult> = {},
): ActionFailure<FormResult> {
  return fail(400, { message: m.form_fix_errors(), fieldErrors, values, ...extra });
}

/** Checks the "repeat password" field, so a typo doesn't lock someone out of a fresh account. */
export function passwordsDiffer(
  data: FormData,
  field: string,
  confirm: string,
  extra: Partial<FormResult> = {},
): ActionFailure<FormResult> | null {
  return data.get(field) === data.get(confirm) ? null : failFields({ [confirm]: m.field_password_mismatch() }, {}, extra);
}
