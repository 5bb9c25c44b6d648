/** The glue between kit request events and the auth services: cookies and the "me" view. */
import type { Cookies } from '@sveltejs/kit';
import type { Actor } from '../../domain/actor';
import { capabilitiesOf, type Capability } from '../../domain/permissions';
import { sessionCookie } from './session';

export function setSessionCookie(cookies: Cookies, url: URL, token: string): void {
	const c = sessionCookie(url);
	// why: no Expires — a browser-session cookie; the server-side time-outs decide validity.
	cookies.set(c.name, token, c.options);
}

export function clearSessionCookie(cookies: Cookies, url: URL): void {
	const c = sessionCookie(url);
	cookies.delete(c.name, c.options);
}

export interface Me {
	authenticated: boolean;
	username: string | null;
	displayName: string | null;
	role: Actor['role'];
	scope: 'all' | string[];
	capabilities: Capability[];
}

export function meOf(actor: Actor, displayName: string | null): Me {
	return {
		authenticated: actor.userId !== null,
		username: actor.userId !== null ? actor.username : null,
		displayName,
		role: actor.role,
		scope: actor.scope === 'all' ? 'all' : [...actor.scope],
		capabilities: capabilitiesOf(actor.role)
	};
}

/** A same-site path to return to after sign-in ("/admin/users"), never another origin. */
export function safeNext(next: string | null): string {
	if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
	return /^\/[A-Za-z0-9/_\-.?=&%]*$/.test(next) ? next : '/';
}
