/**
 * Slows down token guessing: after `limit` bad tokens from one address within `windowMs`, that
 * address gets 429 until the window passes, but only for requests whose token is bad or
 * missing: callers check a presented token first, and a valid one is never counted nor limited,
 * so a busy office behind one NAT address (or everyone behind a reverse proxy) is not locked out
 * by one client's guesses. The address is the socket's, or X-Forwarded-For's when the proxy is
 * trusted (SHEETS_SYNC_TRUSTED_PROXY). (A general rate limiter such as @fastify/rate-limit counts
 * every request, which is not what this needs.)
 */
export class FailedAuthLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit = 10,
    private readonly windowMs = 60_000,
  ) {}

  /** Milliseconds until `address` may try again; 0 when it may try now. */
  retryAfterMs(address: string, now = Date.now()): number {
    const recent = this.recent(address, now);
    if (recent.length < this.limit) return 0;
    return recent[0]! + this.windowMs - now;
  }

  recordFailure(address: string, now = Date.now()): void {
    const recent = this.recent(address, now);
    recent.push(now);
    this.failures.set(address, recent);
    if (this.failures.size > 10_000) this.prune(now);
  }

  private recent(address: string, now: number): number[] {
    return (this.failures.get(address) ?? []).filter((at) => now - at < this.windowMs);
  }

  private prune(now: number): void {
    for (const [address, times] of this.failures) {
      if (times.every((at) => now - at >= this.windowMs)) this.failures.delete(address);
    }
  }
}
