/**
 * The category tree filter: major classes (3-digit codes) over subcategories (5-digit). A major
 * code in the filter stands for all its children (the API expands it), so the selection stays
 * short. Pure.
 */
import { CATEGORIES, CATEGORY_MAJORS } from '$lib/domain/categories';

export interface CategoryNode {
	code: string;
	children: string[];
}

/** The default taxonomy as a tree, majors in their order, children by code. */
export const CATEGORY_TREE: readonly CategoryNode[] = CATEGORY_MAJORS.map((m) => ({
	code: m.code,
	children: CATEGORIES.filter((c) => c.code.startsWith(m.code))
		.map((c) => c.code)
		.sort()
}));

/** Whether a code is selected, itself or through its major. */
export function isSelected(selected: readonly string[], code: string): boolean {
	return selected.includes(code) || (code.length > 3 && selected.includes(code.slice(0, 3)));
}

/** Some but not all of a major's children are selected (the checkbox's mixed state). */
export function isPartial(selected: readonly string[], node: CategoryNode): boolean {
	return !selected.includes(node.code) && node.children.some((c) => selected.includes(c));
}

/**
 * The selection after ticking (`on`) or clearing one box. A major replaces its children; a major
 * whose children are all ticked becomes the major; clearing one child of a ticked major keeps its
 * siblings.
 */
export function toggleCategory(
	selected: readonly string[],
	code: string,
	on: boolean,
	tree: readonly CategoryNode[] = CATEGORY_TREE
): string[] {
	const major = code.slice(0, 3);
	const node = tree.find((n) => n.code === major);
	const children = node?.children ?? [];
	let out = selected.filter((c) => c !== code);
	if (code.length === 3) {
		out = out.filter((c) => c.slice(0, 3) !== major);
		if (on) out.push(code);
	} else if (on) {
		if (!out.includes(major)) out.push(code);
		if (children.length && children.every((c) => out.includes(c))) {
			out = out.filter((c) => !children.includes(c));
			out.push(major);
		}
	} else if (out.includes(major)) {
		out = out.filter((c) => c !== major);
		out.push(...children.filter((c) => c !== code));
	}
	return [...new Set(out)].sort();
}
