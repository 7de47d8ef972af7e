import type { EntityManager } from '@mikro-orm/postgresql';
import { Problem } from '../../lib/problems.ts';
import { hashToken } from '../../lib/tokens.ts';
import { ActionToken, type IActionToken } from './entities.ts';

const invalid = () => new Problem(410, 'link_invalid', 'This link is invalid, already used or expired. Ask for a new one.');

export async function findActionToken(em: EntityManager, token: string, kind: IActionToken['kind']): Promise<IActionToken> {
  const row = await em.findOne(ActionToken, { tokenHash: hashToken(token), kind });
  if (!row || row.usedAt || row.expiresAt < new Date()) throw invalid();
  return row;
}

/** Marks a one-time link used; a second use (or a concurrent one) is refused. */
export async function consumeActionToken(em: EntityManager, token: string, kind: IActionToken['kind']): Promise<IActionToken> {
  const row = await findActionToken(em, token, kind);
  const claimed = await em.execute(`update action_token set used_at = now() where id = ? and used_at is null returning id`, [row.id]);
  if (claimed.length === 0) throw invalid();
  return row;
}
