/** What the API's case-management refusals mean, in the reader's language. */
import type { TProblem } from '@pilot/contracts';
import { m } from '#paraglide/messages.js';

const MESSAGES: Record<string, () => string> = {
  consent_required: m.problem_consent_required,
  consent_withdrawn: m.problem_consent_withdrawn,
  consent_expired: m.problem_consent_expired,
  consent_does_not_cover_transfer: m.problem_consent_transfer,
  outcome_required: m.problem_outcome_required,
  invalid_transition: m.problem_invalid_transition,
  edit_conflict: m.problem_edit_conflict,
  case_closed: m.problem_case_closed,
  transfer_pending: m.problem_transfer_pending,
  transfer_decided: m.problem_transfer_decided,
  possible_duplicate: m.problem_possible_duplicate,
  duplicate_rnokpp: m.problem_duplicate_rnokpp,
  playbook_already_applied: m.problem_playbook_applied,
  cancel_reason_required: m.problem_cancel_reason,
  step_finished: m.problem_step_finished,
  file_too_large: m.problem_file_too_large,
  unsupported_file_type: m.problem_file_type,
  file_type_mismatch: m.problem_file_type,
  already_reopened: m.problem_already_reopened,
  invalid_assignee: m.problem_invalid_assignee,
  already_linked: m.problem_already_linked,
  invalid_hromada: m.problem_invalid_hromada,
};

/** A sentence for a refusal we know, or nothing (the generic message then applies). */
export const caseProblem = (problem: TProblem): { message: string } | Record<string, never> => {
  const message = problem.code ? MESSAGES[problem.code] : undefined;
  return message ? { message: message() } : {};
};
