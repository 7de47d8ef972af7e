import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';
import { newId } from '../../lib/ids.ts';

/**
 * An in-app notification of one user, written in their language when raised. Reached only by
 * the signed-in user's own id (like sessions), so it carries no tenant.
 */
export const Notification = defineEntity({
  name: 'Notification',
  tableName: 'notification',
  properties: {
    id: p.uuid().primary().onCreate(() => newId()),
    userId: p.uuid(),
    kind: p.string(),
    title: p.string(),
    body: p.text(),
    link: p.string().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    readAt: p.datetime().nullable(),
  },
});
export type INotification = InferEntity<typeof Notification>;
