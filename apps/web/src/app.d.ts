import type { TMe } from '@pilot/contracts';

declare global {
  namespace App {
    interface Locals {
      /** The signed-in person, from GET /api/v1/me; null when anonymous. */
      user: TMe | null;
      /** The access token to send as `Authorization: Bearer`, after any refresh in this request. */
      accessToken: string | null;
      /**
       * `expired`: the request carried a session the API no longer accepts. `unavailable`: the
       * API could not be asked, so we don't know (and must not log the person out).
       */
      session: 'anonymous' | 'active' | 'expired' | 'unavailable';
      /** Seconds until this person may try again, when a rate limit was reached in this request. */
      retryAfter?: number;
    }
    interface Error {
      message: string;
      /** Seconds to wait, on a 429. */
      retryAfter?: number;
    }
  }
}

export {};
