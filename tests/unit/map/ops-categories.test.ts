import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	CATEGORY_TREE,
	isPartial,
	isSelected,
	toggleCategory,
	type CategoryNode
} from '$lib/ops/categories';

const tree: CategoryNode[] = [
	{ code: '101', children: ['10101', '10102', '10103'] },
	{ code: '201', children: ['20101', '20102'] }
];

describe('the category tree filter', () => {
	it('builds the tree from the taxonomy', () => {
		expect(CATEGORY_TREE.length).toBeGreaterThan(10);
		for (const n of CATEGORY_TREE) {
			expect(n.children.length).toBeGreaterThan(0);
			for (const c of n.children) expect(c.startsWith(n.code)).toBe(true);
		}
	});

	it('ticks a major as one code and clears its children', () => {
		expect(toggleCategory(['10101', '20101'], '101', true, tree)).toEqual(['101', '20101']);
		expect(toggleCategory(['101', '20101'], '101', false, tree)).toEqual(['20101']);
	});

	it('collapses a full set of children to the major and splits it when one is cleared', () => {
		let s = toggleCategory([], '20101', true, tree);
		expect(s).toEqual(['20101']);
		expect(isPartial(s, tree[1]!)).toBe(true);
		s = toggleCategory(s, '20102', true, tree);
		expect(s).toEqual(['201']);
		expect(isPartial(s, tree[1]!)).toBe(false);
		expect(isSelected(s, '20102')).toBe(true);
		s = toggleCategory(s, '20102', false, tree);
		expect(s).toEqual(['20101']);
		expect(isSelected(s, '20102')).toBe(false);
	});

	it('selects exactly the ticked leaves, whatever the order of clicks', () => {
		const leaves = tree.flatMap((n) => n.children);
		fc.assert(
			fc.property(
				fc.array(fc.tuple(fc.constantFrom(...leaves, '101', '201'), fc.boolean()), {
					maxLength: 30
				}),
				(clicks) => {
					const ticked = new Set<string>();
					let s: string[] = [];
					for (const [code, on] of clicks) {
						s = toggleCategory(s, code, on, tree);
						const affected =
							code.length === 3 ? tree.find((n) => n.code === code)!.children : [code];
						for (const c of affected) {
							if (on) ticked.add(c);
							else ticked.delete(c);
						}
					}
					expect(new Set(leaves.filter((c) => isSelected(s, c)))).toEqual(ticked);
					// Never a major together with one of its children.
					for (const c of s) if (c.length > 3) expect(s).not.toContain(c.slice(0, 3));
				}
			)
		);
	});
});
