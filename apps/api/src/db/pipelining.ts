import pg from 'pg';
import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Fewer round trips to PostgreSQL without changing what is executed, or in which order.
 *
 * Every request runs in one transaction, and a pooled connection is held for all of it, so on
 * a busy database each round trip costs throughput (docs/performance.md). Some statements need
 * no answer before the request goes on: `begin`, binding the tenant (`set_config`), the audit
 * entries and the idempotent answer written just before `commit`. This client holds such a
 * statement back and sends it in the same message as the next statement that does need an
 * answer, as one multi-statement simple query (`begin; select set_config(…); select … from
 * auth_session …`). PostgreSQL runs them in order and stops at the first error, which then
 * rejects that next statement: inside a transaction nothing after a failed statement is
 * committed, exactly as when they are sent one by one.
 *
 * Only unparameterised statements can share a message. MikroORM sends all its statements so
 * (values are inlined, escaped by the platform); a parameterised one (pg-boss's insert) just
 * goes after the held statements have been sent on their own.
 */

/** Marks a statement whose answer nobody waits for: it goes with the next one. */
const WITH_NEXT = '/* with next query */ ';
const TRANSACTION_START = /^(begin|start transaction)\b/i;

/**
 * Runs `sql` with the transaction's next statement instead of on its own; an error it raises
 * rejects that statement (at the latest the `commit`), which rolls the transaction back. Only
 * inside a transaction, which always ends with a statement that carries it.
 */
export async function executeWithNext(em: EntityManager, sql: string, params: unknown[] = []): Promise<void> {
  if (!em.isInTransaction()) throw new Error('executeWithNext needs a transaction to carry the statement');
  await em.execute(WITH_NEXT + sql, params);
}

type Result = pg.QueryResult;
const held = (command: string): Result => ({ command, rowCount: null, oid: 0, fields: [], rows: [] });

export class PipeliningClient extends pg.Client {
  #ahead: string[] = [];

  // The overloads of pg's `query` (text, config objects, callbacks, cursors) are passed through
  // untouched; only the promise form with text is pipelined.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const [text, values] = args;
    if (typeof text !== 'string' || args.length > 2 || typeof values === 'function') return this.#afterAhead(args);
    const parameterised = Array.isArray(values) && values.length > 0;
    if (!parameterised && (TRANSACTION_START.test(text) || text.startsWith(WITH_NEXT))) {
      this.#ahead.push(text);
      return Promise.resolve(held(text.startsWith(WITH_NEXT) ? 'HELD' : 'BEGIN'));
    }
    if (/^rollback$/i.test(text)) return this.#rollback();
    if (parameterised || this.#ahead.length === 0) return this.#afterAhead(args);
    const batch = [...this.#take(), text].join(';\n');
    return (super.query(batch) as Promise<Result | Result[]>).then((r) => (Array.isArray(r) ? r.at(-1)! : r));
  }

  /** Statements still held when the connection goes back to the pool (a defect): dropped, loudly. */
  discardHeld() {
    const dropped = this.#take();
    if (dropped.length) process.emitWarning(`A pooled connection was released with ${dropped.length} statement(s) never sent`, 'PipeliningWarning');
  }

  #take(): string[] {
    const ahead = this.#ahead;
    this.#ahead = [];
    return ahead;
  }

  /** A statement that cannot share a message goes after the held ones, which are sent first. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  #afterAhead(args: any[]): any {
    if (this.#ahead.length === 0) return super.query(...(args as [string]));
    const ahead = this.#take().join(';\n');
    if (typeof args[0] === 'string' && typeof args[1] !== 'function' && args.length <= 2) {
      return (super.query(ahead) as Promise<unknown>).then(() => super.query(...(args as [string])));
    }
    // Callbacks and cursors are queued at once; pg runs its queue in order, so the held
    // statements still go first, and if one fails the transaction refuses what follows.
    (super.query(ahead) as Promise<unknown>).catch(() => undefined);
    return super.query(...(args as [string]));
  }

  /**
   * Held statements are dropped, never sent, on rollback: if the `begin` itself was still held,
   * the server has no transaction to end and nothing is sent at all.
   */
  #rollback(): Promise<Result> {
    const ahead = this.#take();
    if (ahead.some((s) => TRANSACTION_START.test(s))) return Promise.resolve(held('ROLLBACK'));
    return super.query('rollback') as Promise<Result>;
  }
}

/** Nothing held on one connection may reach the next user of it. */
export function dropHeldOnRelease(pool: pg.Pool) {
  pool.on('release', (_err, client) => {
    if (client instanceof PipeliningClient) client.discardHeld();
  });
}
