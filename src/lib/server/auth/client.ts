/**
 * Who the client is, for throttling, rate limits and the audit log.
 *
 * By default: the socket's peer address (`event.getClientAddress()`), which a client cannot
 * forge. Behind a reverse proxy there are two ways, use ONE:
 * - adapter-node's ADDRESS_HEADER=X-Forwarded-For with XFF_DEPTH=<number of proxies>: then
 *   getClientAddress() already returns the right entry and TRUSTED_PROXY stays unset;
 * - or TRUSTED_PROXY=<the proxies' addresses>: when the peer is one of them, we take the
 *   right-most X-Forwarded-For entry that is not a trusted proxy.
 * Combining both would compare an X-Forwarded-For value against the proxy list: don't.
 * Without either, X-Forwarded-For is ignored, so a forged header cannot reset a count.
 */
import { isIP } from 'node:net';

function normalise(ip: string): string {
	const t = ip.trim().toLowerCase();
	return t.startsWith('::ffff:') && isIP(t.slice(7)) === 4 ? t.slice(7) : t;
}

export function parseTrustedProxies(setting: string | undefined): Set<string> {
	return new Set((setting ?? '').split(',').filter(Boolean).map(normalise));
}

export function clientAddress(
	peer: string,
	forwardedFor: string | null,
	trusted: ReadonlySet<string>
): string {
	const p = normalise(peer);
	if (trusted.size === 0 || !trusted.has(p) || !forwardedFor) return p;
	const hops = forwardedFor.split(',').map(normalise).filter(Boolean);
	for (let i = hops.length - 1; i >= 0; i--) {
		const hop = hops[i]!;
		if (isIP(hop) === 0) return p;
		if (!trusted.has(hop)) return hop;
	}
	return p;
}
