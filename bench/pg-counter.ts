/**
 * A TCP proxy in front of PostgreSQL that counts what a server asks of the database: round
 * trips (a simple `Query`, or an extended-protocol batch ending in `Sync`) and the statements'
 * text. The load runs straight to PostgreSQL; only the counting runs through here.
 */
import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

export interface Counts { roundTrips: number; statements: string[] }

export async function startPgCounter(upstreamPort: number) {
  let counts: Counts = { roundTrips: 0, statements: [] };
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(upstreamPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    for (const s of [client, upstream]) s.on('close', () => sockets.delete(s)).on('error', () => { client.destroy(); upstream.destroy(); });
    upstream.pipe(client);
    let buffer = Buffer.alloc(0);
    let startup = true;
    client.on('data', (chunk) => {
      upstream.write(chunk);
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (startup) {
          if (buffer.length < 8) break;
          const length = buffer.readInt32BE(0);
          if (buffer.length < length) break;
          const code = buffer.readInt32BE(4);
          startup = code === SSL_REQUEST || code === GSSENC_REQUEST;
          buffer = buffer.subarray(length);
          continue;
        }
        if (buffer.length < 5) break;
        const length = buffer.readInt32BE(1);
        if (buffer.length < length + 1) break;
        const type = String.fromCharCode(buffer[0]!);
        const body = buffer.subarray(5, length + 1);
        if (type === 'Q') {
          counts.roundTrips++;
          counts.statements.push(body.toString('utf8', 0, body.indexOf(0)));
        } else if (type === 'P') {
          const text = body.subarray(body.indexOf(0) + 1);
          counts.statements.push(text.toString('utf8', 0, text.indexOf(0)));
        } else if (type === 'S') {
          counts.roundTrips++;
        }
        buffer = buffer.subarray(length + 1);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    /** What was asked since the last call. */
    take(): Counts {
      const c = counts;
      counts = { roundTrips: 0, statements: [] };
      return c;
    },
    close: () => new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    }),
  };
}
