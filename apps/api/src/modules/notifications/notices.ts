import type { Template } from '../../lib/emails.ts';
import { referralNotices } from '../referrals/notices.ts';

/**
 * Every kind of notice, by kind, with its text in each language. A feature adds its own
 * templates here; the delivery job renders them in each recipient's language.
 */
export const NOTICES = {
  ...referralNotices,
} satisfies Record<string, Template<never>>;

export type NoticeKind = keyof typeof NOTICES;
export type NoticeParams<K extends NoticeKind> = Parameters<(typeof NOTICES)[K]['uk']>[0];
