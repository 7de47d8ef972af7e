/** What a form action hands back to its page (success or failure), shared by server and components. */
export interface FormResult {
  /** Which form on the page this is for, when a page has several (e.g. `profile`, `password`). */
  form?: string;
  /** One sentence for the whole form, in the reader's language: what failed, or what was done. */
  message?: string;
  /** Localized messages keyed by field name (`admin.email` for nested fields). */
  fieldErrors?: Record<string, string>;
  /** What the person typed, so a failed form comes back filled in. */
  values?: Record<string, string>;
  /** The API's problem code, when the page shows something special for it (e.g. `account_locked`). */
  code?: string;
  /** True when the action succeeded and the page stays where it is. */
  success?: boolean;
  /** Sign-in: the password was right and this challenge awaits the second factor. */
  mfaToken?: string;
}
