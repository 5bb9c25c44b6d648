import { describe, expect, it } from 'vitest';
import {
	alertOpen,
	applyEvent,
	dropUpTo,
	incidentMatches,
	parseAlert,
	parseIncident,
	shanghaiDate,
	type LiveIncident
} from '$lib/ops/live';
import { defaultView } from '$lib/ops/view';

const inc: LiveIncident = {
	id: 7,
	op: 'insert',
	number: 'LX00000007',
	state: 'reported',
	category: '20101',
	priority: 1,
	urgency: 'none',
	lon: 117.05,
	lat: 36.66,
	subdistrict: '370102001000'
};
const now = new Date('2026-11-20T02:00:00Z');

describe('the live overlay', () => {
	it('dates in Shanghai time', () => {
		expect(shanghaiDate(new Date('2026-11-20T17:00:00Z'))).toBe('2026-11-21');
		expect(shanghaiDate(new Date('2026-11-20T15:00:00Z'))).toBe('2026-11-20');
	});

	it('matches streamed incidents against the filters', () => {
		const f = defaultView().filters;
		expect(incidentMatches(inc, f, now)).toBe(true);
		expect(incidentMatches({ ...inc, state: 'merged' }, f, now)).toBe(false);
		expect(incidentMatches({ ...inc, op: 'delete' }, f, now)).toBe(false);
		expect(incidentMatches(inc, { ...f, status: ['closed'] }, now)).toBe(false);
		expect(incidentMatches(inc, { ...f, category: ['201'] }, now)).toBe(true);
		expect(incidentMatches(inc, { ...f, category: ['101'] }, now)).toBe(false);
		expect(incidentMatches(inc, { ...f, subdistrict: ['370102002000'] }, now)).toBe(false);
		expect(incidentMatches(inc, { ...f, urgency: ['red'] }, now)).toBe(false);
		// A new case is reported today: outside a past window.
		expect(incidentMatches(inc, { ...f, to: '2026-11-19' }, now)).toBe(false);
		expect(incidentMatches(inc, { ...f, from: '2026-11-20', to: '2026-11-20' }, now)).toBe(true);
		// A changed one keeps the window it was drawn under.
		expect(incidentMatches({ ...inc, op: 'update' }, { ...f, to: '2026-11-19' }, now)).toBe(true);
	});

	it('parses stream payloads and refuses malformed ones', () => {
		expect(parseIncident(JSON.stringify(inc))).toEqual(inc);
		expect(parseIncident('{"id":"x"}')).toBeNull();
		expect(parseIncident('not json')).toBeNull();
		const a = parseAlert(
			'{"id":3,"op":"insert","sensor":9,"severity":"red","state":"open","lon":117,"lat":36}'
		);
		expect(a).toMatchObject({ id: 3, sensor: 9, severity: 'red' });
		expect(alertOpen(a!)).toBe(true);
		expect(alertOpen({ ...a!, state: 'resolved' })).toBe(false);
		expect(parseAlert('{}')).toBeNull();
	});

	it('keeps the newest event per feature and drops what refreshed tiles include', () => {
		let o = applyEvent(new Map(), 7, 10, inc, true);
		o = applyEvent(o, 7, 12, { ...inc, state: 'filed' }, true);
		o = applyEvent(o, 7, 11, { ...inc, state: 'closed' }, false); // a late replay
		expect(o.get(7)).toMatchObject({ seq: 12, shown: true, value: { state: 'filed' } });
		o = applyEvent(o, 8, 13, { ...inc, id: 8 }, true);
		const before = new Map(o);
		expect([...dropUpTo(o, 12).keys()]).toEqual([8]);
		expect(o).toEqual(before); // inputs are not changed
	});
});
