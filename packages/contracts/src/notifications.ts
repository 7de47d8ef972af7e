import { z } from 'zod';
import { page, ZPageQuery, ZTimestamp, ZUuid } from './common.ts';

/** One in-app notification, written in the recipient's language when it was raised. */
export const ZNotification = z.object({
  id: ZUuid,
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: ZTimestamp,
  readAt: ZTimestamp.nullable(),
});
export type TNotification = z.infer<typeof ZNotification>;
export const ZNotificationPage = page(ZNotification);
export const ZNotificationQuery = ZPageQuery.extend({ unread: z.enum(['true', 'false']).optional() });
export const ZUnreadCount = z.object({ unread: z.number().int() });
export type TUnreadCount = z.infer<typeof ZUnreadCount>;
