/** The category tree a reporter picks from: major classes with their subcategories. */
import { CATEGORIES, CATEGORY_MAJORS, majorCodeOf } from '../../domain/categories';

export interface ReportCategory {
	code: string;
	zh: string;
	en: string;
}

export interface ReportCategoryGroup extends ReportCategory {
	children: ReportCategory[];
}

/** Major classes (in their order) with the subcategories under each; empty majors left out. */
export function reportCategoryTree(): ReportCategoryGroup[] {
	return CATEGORY_MAJORS.map((major) => ({
		code: major.code,
		zh: major.zh,
		en: major.en,
		children: CATEGORIES.filter((c) => majorCodeOf(c.code) === major.code).map((c) => ({
			code: c.code,
			zh: c.zh,
			en: c.en
		}))
	})).filter((g) => g.children.length > 0);
}
