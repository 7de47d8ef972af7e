// Container healthcheck without curl or wget in the slim image: GET the URL given (default: the
// API's liveness on $PORT) and exit 0 on a 2xx answer, 1 otherwise.
const url = process.argv[2] ?? `http://127.0.0.1:${process.env.PORT ?? 3000}/api/health`;
try {
  const res = await fetch(url, { signal: AbortSignal.timeout(2500) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}
