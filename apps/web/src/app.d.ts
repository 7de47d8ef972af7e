import type { TMe } from '@pilot/contracts';

declare global {
  namespace App {
    interface Locals {
      /** The signed-in person, from GET /api/v1/me; null when anonymous. */
      user: TMe | null;
      /** The access token to send as `Authorization: Bearer`, after any refresh in this request. */
      accessToken: string | null;
      /** True when the request carried a session that the API no longer accepts. */
      sessionExpired: boolean;
    }
  }
}

export {};
