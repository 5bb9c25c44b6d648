/**
 * The pure analysis engine as the server uses it (src/lib/analysis), plus a helper or two.
 */
export * from '$lib/analysis';
import { metresToLatDegrees } from '$lib/analysis/geo';

/**
 * A straight-line distance as degrees of latitude, widened by 1 % and a hair: the bounding-box
 * prefilter of the PostGIS query must never drop a pair that the exact test accepts.
 *
 * @param metres - straight-line metres
 * @returns degrees of latitude
 * @example
 * metresToLatDegreesSafe(385); // ≈ 0.00350
 */
export function metresToLatDegreesSafe(metres: number): number {
	return metresToLatDegrees(metres) * 1.01 + 1e-7;
}
