/**
 * An in-memory token bucket per client for public (anonymous) requests. Per instance: behind a
 * load balancer the effective limit is N × the configured one, which is fine for a flood guard.
 */
export class RateLimiter {
	private readonly buckets = new Map<string, { tokens: number; at: number }>();
	private readonly capacity: number;
	private readonly perMs: number;

	/**
	 * @param perMinute sustained requests per minute per client (0 = unlimited)
	 * @param maxClients buckets kept; the least recently used is dropped beyond this
	 */
	constructor(
		private readonly perMinute: number,
		private readonly maxClients = 50_000
	) {
		this.capacity = Math.max(1, perMinute);
		this.perMs = perMinute / 60_000;
	}

	/** Takes a token: 0 when allowed, else the seconds until the next one (for Retry-After). */
	take(client: string, now = Date.now()): number {
		if (this.perMinute <= 0) return 0;
		const b = this.buckets.get(client) ?? { tokens: this.capacity, at: now };
		this.buckets.delete(client);
		b.tokens = Math.min(this.capacity, b.tokens + (now - b.at) * this.perMs);
		b.at = now;
		let wait = 0;
		if (b.tokens >= 1) b.tokens -= 1;
		else wait = Math.max(1, Math.ceil((1 - b.tokens) / this.perMs / 1000));
		this.buckets.set(client, b);
		if (this.buckets.size > this.maxClients) {
			const oldest = this.buckets.keys().next().value;
			if (oldest !== undefined) this.buckets.delete(oldest);
		}
		return wait;
	}
}
