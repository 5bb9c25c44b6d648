/**
 * The queue's keyboard map (src/lib/cases/keyboard.ts) and URL/selection helpers
 * (src/lib/cases/queue.ts): every documented command has a key, keys do not collide, nothing
 * fires while typing in a field, and modified keys stay the browser's.
 */
import { describe, expect, it } from 'vitest';
import { COMMANDS, KEYMAP, commandFor, isTyping, keysOf } from '../../src/lib/cases/keyboard';
import {
	BULK_LIMIT,
	apiQuery,
	chipQueries,
	dispatchActionFor,
	groupForDispatch,
	moveCursor,
	pageCount,
	readQuery,
	toggle,
	writeQuery
} from '../../src/lib/cases/queue';
import { CASE_STATES, TRANSITIONS } from '../../src/lib/domain/cases';

describe('keyboard map', () => {
	it('binds the documented keys', () => {
		expect(commandFor({ key: 'j' })).toBe('down');
		expect(commandFor({ key: 'k' })).toBe('up');
		expect(commandFor({ key: 'x' })).toBe('select');
		expect(commandFor({ key: 'd' })).toBe('dispatch');
		expect(commandFor({ key: 'o' })).toBe('open');
		expect(commandFor({ key: 'Enter' })).toBe('open');
		expect(commandFor({ key: '/' })).toBe('filter');
		expect(commandFor({ key: 'r' })).toBe('refresh');
		expect(commandFor({ key: '?' })).toBe('help');
		expect(commandFor({ key: 'Escape' })).toBe('escape');
		expect(commandFor({ key: 'q' })).toBeNull();
	});

	it('gives every command a key and each key one command (the help lists them all)', () => {
		for (const c of COMMANDS) expect(keysOf(c).length, c).toBeGreaterThan(0);
		const keys = Object.keys(KEYMAP);
		expect(new Set(keys).size).toBe(keys.length);
		expect(new Set(Object.values(KEYMAP))).toEqual(new Set(COMMANDS));
		// Case matters: Shift+J is not j (no accidental double binding through upper case).
		expect(commandFor({ key: 'J' })).toBeNull();
	});

	it('does nothing but Escape while typing', () => {
		const fields = [
			{ targetTag: 'INPUT', targetType: 'text' },
			{ targetTag: 'INPUT', targetType: null },
			{ targetTag: 'INPUT', targetType: 'search' },
			{ targetTag: 'TEXTAREA' },
			{ targetTag: 'SELECT' },
			{ targetTag: 'DIV', targetEditable: true }
		];
		for (const f of fields) {
			expect(isTyping({ key: 'j', ...f }), JSON.stringify(f)).toBe(true);
			for (const key of Object.keys(KEYMAP)) {
				const expected = key === 'Escape' ? 'escape' : null;
				expect(commandFor({ key, ...f }), `${key} in ${JSON.stringify(f)}`).toBe(expected);
			}
		}
	});

	it('still works on a focused checkbox, and leaves Enter to buttons and links', () => {
		expect(commandFor({ key: 'x', targetTag: 'INPUT', targetType: 'checkbox' })).toBe('select');
		expect(commandFor({ key: 'j', targetTag: 'BUTTON' })).toBe('down');
		expect(commandFor({ key: 'Enter', targetTag: 'BUTTON' })).toBeNull();
		expect(commandFor({ key: 'Enter', targetTag: 'A' })).toBeNull();
		expect(commandFor({ key: 'Enter', targetTag: 'BODY' })).toBe('open');
	});

	it('leaves modified keys to the browser', () => {
		expect(commandFor({ key: 'r', ctrlKey: true })).toBeNull();
		expect(commandFor({ key: 'r', metaKey: true })).toBeNull();
		expect(commandFor({ key: 'd', altKey: true })).toBeNull();
	});
});

describe('queue URL and selection', () => {
	it('round-trips filters and page through the URL in a fixed order', () => {
		const q = readQuery(new URLSearchParams('urgency=red&state=filed&page=3&junk=1&category='));
		expect(q).toEqual({ filters: { state: 'filed', urgency: 'red' }, page: 3 });
		expect(writeQuery(q.filters, q.page)).toBe('?state=filed&urgency=red&page=3');
		expect(writeQuery({}, 1)).toBe('');
		expect(readQuery(new URLSearchParams('page=-2')).page).toBe(1);
		expect(readQuery(new URLSearchParams('page=abc')).page).toBe(1);
	});

	it('asks the API for the page and for one row per urgency chip', () => {
		expect(apiQuery({ department: 'water' }, 2, 50)).toBe('?department=water&limit=50&offset=50');
		const chips = chipQueries({ state: 'filed', urgency: 'blue' });
		expect(chips.map((c) => c.tier)).toEqual(['overdue', 'red', 'yellow', 'blue']);
		expect(chips[0]!.query).toBe('?state=filed&urgency=overdue&limit=1&offset=0');
	});

	it('moves the cursor within the list and toggles selection without mutating', () => {
		expect(moveCursor(-1, 1, 5)).toBe(0);
		expect(moveCursor(-1, -1, 5)).toBe(4);
		expect(moveCursor(4, 1, 5)).toBe(4);
		expect(moveCursor(0, -1, 5)).toBe(0);
		expect(moveCursor(2, 1, 0)).toBe(-1);
		const a = new Set([1]);
		const b = toggle(a, 2);
		expect([...b]).toEqual([1, 2]);
		expect([...a]).toEqual([1]);
		expect([...toggle(b, 1)]).toEqual([2]);
		expect(pageCount(0)).toBe(1);
		expect(pageCount(101, 50)).toBe(3);
		expect(BULK_LIMIT).toBe(200);
	});

	it('picks the dispatching move from the cycle table and sets aside cases it does not fit', () => {
		for (const s of CASE_STATES) {
			const a = dispatchActionFor(s);
			if (a !== null) expect(TRANSITIONS[a].from).toContain(s);
		}
		expect(dispatchActionFor('filed')).toBe('dispatch');
		expect(dispatchActionFor('returned')).toBe('reroute');
		expect(dispatchActionFor('reopened')).toBe('redispatch');
		expect(dispatchActionFor('closed')).toBeNull();
		const g = groupForDispatch([
			{ id: 1, version: 3, state: 'filed' },
			{ id: 2, version: 5, state: 'returned' },
			{ id: 3, version: 2, state: 'filed' },
			{ id: 4, version: 9, state: 'handled' }
		]);
		expect(g.groups).toEqual([
			{
				action: 'dispatch',
				items: [
					{ id: 1, expectedVersion: 3 },
					{ id: 3, expectedVersion: 2 }
				]
			},
			{ action: 'reroute', items: [{ id: 2, expectedVersion: 5 }] }
		]);
		expect(g.skipped).toEqual([4]);
	});
});
