/**
 * The planner's edits as drawn and saved: moved existing points at their new place, removed ones
 * gone, switched-off ones greyed, candidates and the selection; and a saved scenario's changes
 * give the same supply as the edits (applyChanges).
 */
import { describe, expect, it } from 'vitest';
import { applyChanges, scenarioChangesSchema } from '$lib/planner/scenario';
import type { PlannerPoint } from '$lib/planner/types';
import { editedPoints } from '$lib/planner/view';

const point = (id: number, lon: number, status: 'active' | 'planned' = 'active'): PlannerPoint => ({
	id,
	name: `p${id}`,
	nameEn: null,
	status,
	capacity: null,
	lon,
	lat: 36.66
});

describe('editedPoints', () => {
	const existing = [
		point(1, 117.0),
		point(2, 117.01),
		point(3, 117.02),
		point(4, 117.03, 'planned')
	];
	const edits = {
		candidates: [{ id: 'c1', lon: 117.05, lat: 36.67 }],
		moved: [{ id: 2, lon: 117.015, lat: 36.665 }],
		removed: [3],
		off: [1]
	};

	it('moves, removes, greys and adds; marks the selection', () => {
		const drawn = editedPoints(existing, edits, 'c1');
		expect(drawn.map((p) => [p.id, p.kind, p.selected])).toEqual([
			[1, 'off', false],
			[2, 'moved', false],
			[4, 'planned', false],
			['c1', 'candidate', true]
		]);
		expect(drawn.find((p) => p.id === 2)).toMatchObject({ lon: 117.015, lat: 36.665 });
		expect(editedPoints(existing, edits, 4).find((p) => p.id === 4)!.selected).toBe(true);
	});

	it('the saved changes give the same active supply as the drawing', () => {
		const changes = scenarioChangesSchema.parse({
			added: edits.candidates,
			moved: edits.moved,
			removed: edits.removed,
			off: edits.off
		});
		const after = applyChanges(existing, changes).filter((p) => p.active);
		const drawn = editedPoints(existing, edits, null).filter((p) => p.kind !== 'off');
		expect(after.map((p) => [p.id, p.lon, p.lat])).toEqual(drawn.map((p) => [p.id, p.lon, p.lat]));
	});
});
