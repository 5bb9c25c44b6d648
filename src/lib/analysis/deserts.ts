/**
 * Service deserts: contiguous uncovered grid cells merged into polygons, ranked by the demand
 * they leave unserved (the USDA food-desert method on a grid, DOMAIN.md).
 *
 * 1. Snap coordinates (1e-9° by default) so that float noise between neighbouring cells does not
 *    leave slivers.
 * 2. Find touching pairs: a Flatbush index over cell bounding boxes proposes pairs, an exact test
 *    (segments within a tolerance, or containment) confirms them; union–find makes components.
 *    Touching at a single corner counts as contiguous.
 * 3. Merge each component. Grid cells meet edge-to-edge, so the outline is what is left after
 *    cancelling every edge shared by two cells — linear time. Components where cells meet
 *    otherwise (a corner of one on the side of another, overlaps) go through `@turf/union`,
 *    which is exact for any input but 20–40× slower on thousands of cells.
 */
import area from '@turf/area';
import union from '@turf/union';
import Flatbush from 'flatbush';
import type {
	Feature,
	FeatureCollection,
	MultiPolygon,
	Polygon,
	Position,
	GeoJsonProperties
} from 'geojson';

/** A grid cell: its id is the feature id, its uncovered demand a property. */
export type DesertCell = Feature<Polygon | MultiPolygon, GeoJsonProperties>;

/** Properties of a desert polygon. */
export interface DesertProperties {
	/** 1 = the desert with the most uncovered demand. */
	rank: number;
	/** Uncovered demand in the desert (persons). */
	demand: number;
	/** Geodesic area in m² (`@turf/area`), rounded to whole m². */
	areaM2: number;
	/** Number of grid cells merged. */
	cells: number;
}

/** Options for {@link findDeserts}. */
export interface DesertOptions {
	/**
	 * Which cells are uncovered: a set of feature ids or a predicate. Default: cells whose
	 * `properties.uncovered` is `true`.
	 */
	uncovered?: ReadonlySet<string | number> | ((cell: DesertCell, index: number) => boolean);
	/** Property holding a cell's uncovered demand (default `'demand'`); missing counts as 0. */
	demandProperty?: string;
	/** Leave out deserts with less demand than this (default 0). */
	minDemand?: number;
	/** Coordinate snapping grid in degrees (default 1e-9, about 0.1 mm). */
	snap?: number;
}

type Ring = Position[];
type Poly = Ring[];

interface Cell {
	polys: Poly[];
	demand: number;
	box: [number, number, number, number];
}

/**
 * Merges contiguous uncovered grid cells into ranked desert polygons.
 *
 * @param cells - grid cells (Polygon or MultiPolygon features)
 * @param options - which cells are uncovered, where their demand is, filters
 * @returns desert polygons with `{ rank, demand, areaM2, cells }`, most demand first
 * @example
 * const deserts = findDeserts(gridCells, { uncovered: new Set(uncoveredIds) });
 * deserts.features[0].properties.demand; // the largest unserved population
 */
export function findDeserts(
	cells: FeatureCollection<Polygon | MultiPolygon> | readonly DesertCell[],
	options: DesertOptions = {}
): FeatureCollection<Polygon | MultiPolygon, DesertProperties> {
	const list: readonly DesertCell[] = 'features' in cells ? cells.features : cells;
	const snap = options.snap ?? 1e-9;
	const demandKey = options.demandProperty ?? 'demand';
	const isUncovered = uncoveredTest(options.uncovered);

	const picked: Cell[] = [];
	list.forEach((f, k) => {
		if (!f.geometry || !isUncovered(f, k)) return;
		const polys = snapGeometry(f.geometry, snap);
		if (polys.length === 0) return;
		const raw: unknown = f.properties?.[demandKey];
		const demand = typeof raw === 'number' && Number.isFinite(raw) ? raw : 0;
		picked.push({ polys, demand, box: boxOf(polys) });
	});

	// Snapping moves a vertex by up to snap / 2, so one that lies on a slanted edge of a neighbour
	// can end up about one snap off it: allow two.
	const { comp, conformal } = components(picked, Math.max(snap * 2, 1e-12));
	const groups = new Map<number, number[]>();
	picked.forEach((_, k) => {
		const root = comp[k]!;
		const g = groups.get(root);
		if (g) g.push(k);
		else groups.set(root, [k]);
	});

	const deserts: {
		demand: number;
		areaM2: number;
		cells: number;
		geometry: Polygon | MultiPolygon;
	}[] = [];
	for (const [root, members] of groups) {
		const demand = Math.round(members.reduce((sum, k) => sum + picked[k]!.demand, 0));
		if (demand < (options.minDemand ?? 0)) continue;
		let polys: Poly[] | null = null;
		if (conformal[root]) polys = mergeByEdges(members.map((k) => picked[k]!));
		polys ??= mergeByTurf(members.map((k) => picked[k]!));
		if (polys.length === 0) continue;
		const geometry = toGeometry(polys);
		deserts.push({ demand, areaM2: Math.round(area(geometry)), cells: members.length, geometry });
	}
	deserts.sort(
		(a, b) =>
			b.demand - a.demand ||
			b.areaM2 - a.areaM2 ||
			comparePositions(firstPosition(a.geometry), firstPosition(b.geometry))
	);
	return {
		type: 'FeatureCollection',
		features: deserts.map((dsr, k) => ({
			type: 'Feature',
			id: k + 1,
			properties: { rank: k + 1, demand: dsr.demand, areaM2: dsr.areaM2, cells: dsr.cells },
			geometry: dsr.geometry
		}))
	};
}

function uncoveredTest(
	option: DesertOptions['uncovered']
): (cell: DesertCell, index: number) => boolean {
	if (typeof option === 'function') return option;
	if (option) return (cell) => cell.id !== undefined && option.has(cell.id);
	return (cell) => cell.properties?.['uncovered'] === true;
}

// ---------------------------------------------------------------------------------------------
// Snapping and small geometry helpers (planar, in degrees: only topology is decided here).

function snapGeometry(g: Polygon | MultiPolygon, snap: number): Poly[] {
	const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
	const out: Poly[] = [];
	for (const poly of polys) {
		const rings: Ring[] = [];
		for (const [r, ring] of poly.entries()) {
			const snapped: Ring = [];
			for (const p of ring) {
				const q: Position = [snapTo(p[0]!, snap), snapTo(p[1]!, snap)];
				const last = snapped[snapped.length - 1];
				if (!last || last[0] !== q[0] || last[1] !== q[1]) snapped.push(q);
			}
			const first = snapped[0];
			const last = snapped[snapped.length - 1];
			if (first && last && (first[0] !== last[0] || first[1] !== last[1])) snapped.push(first);
			if (snapped.length < 4 || signedArea(snapped) === 0) {
				if (r === 0) break;
				continue;
			}
			// RFC 7946 orientation: outer rings counter-clockwise, holes clockwise.
			const ccw = signedArea(snapped) > 0;
			rings.push(ccw === (r === 0) ? snapped : snapped.reverse());
		}
		if (rings.length > 0) out.push(rings);
	}
	return out;
}

function snapTo(v: number, snap: number): number {
	if (!(snap > 0)) return v;
	// Dividing by the inverse gives the double nearest to the decimal (116.3, not 116.30000000000001).
	const inv = 1 / snap;
	const whole = Math.round(inv);
	const k = Math.abs(inv - whole) < 1e-6 * inv ? whole : inv;
	return Math.round(v * k) / k;
}

/** Shoelace area of a closed ring in degrees²; > 0 for counter-clockwise. */
function signedArea(ring: Ring): number {
	let s = 0;
	for (let k = 0; k + 1 < ring.length; k++) {
		const a = ring[k]!;
		const b = ring[k + 1]!;
		s += (a[0]! - b[0]!) * (a[1]! + b[1]!);
	}
	return s / 2;
}

function boxOf(polys: Poly[]): [number, number, number, number] {
	const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
	for (const poly of polys) {
		for (const p of poly[0]!) {
			box[0] = Math.min(box[0], p[0]!);
			box[1] = Math.min(box[1], p[1]!);
			box[2] = Math.max(box[2], p[0]!);
			box[3] = Math.max(box[3], p[1]!);
		}
	}
	return box;
}

function comparePositions(a: Position, b: Position): number {
	return a[0]! - b[0]! || a[1]! - b[1]!;
}

function pointInRing(x: number, y: number, ring: Ring): boolean {
	let inside = false;
	for (let k = 0, j = ring.length - 2; k < ring.length - 1; j = k++) {
		const a = ring[k]!;
		const b = ring[j]!;
		if (a[1]! > y !== b[1]! > y && x < ((b[0]! - a[0]!) * (y - a[1]!)) / (b[1]! - a[1]!) + a[0]!) {
			inside = !inside;
		}
	}
	return inside;
}

function pointInPolys(p: Position, polys: Poly[]): boolean {
	return polys.some(
		(poly) =>
			pointInRing(p[0]!, p[1]!, poly[0]!) &&
			!poly.slice(1).some((hole) => pointInRing(p[0]!, p[1]!, hole))
	);
}

// ---------------------------------------------------------------------------------------------
// Contiguity: candidate pairs from a bbox index, exact test, union–find.

function components(cells: Cell[], eps: number): { comp: Int32Array; conformal: boolean[] } {
	const n = cells.length;
	const parent = Int32Array.from({ length: n }, (_, k) => k);
	const find = (k: number): number => {
		while (parent[k] !== k) {
			parent[k] = parent[parent[k]!]!;
			k = parent[k]!;
		}
		return k;
	};
	const odd: boolean[] = new Array<boolean>(n).fill(false);
	if (n > 0) {
		const index = new Flatbush(n);
		for (const c of cells) index.add(c.box[0], c.box[1], c.box[2], c.box[3]);
		index.finish();
		for (let a = 0; a < n; a++) {
			const box = cells[a]!.box;
			for (const b of index.search(box[0] - eps, box[1] - eps, box[2] + eps, box[3] + eps)) {
				if (b <= a) continue;
				const contact = touch(cells[a]!, cells[b]!, eps);
				if (contact === 'none') continue;
				if (contact === 'other') odd[a] = odd[b] = true;
				const ra = find(a);
				const rb = find(b);
				if (ra !== rb) parent[ra] = rb;
			}
		}
	}
	const comp = new Int32Array(n);
	const conformal: boolean[] = new Array<boolean>(n).fill(true);
	for (let k = 0; k < n; k++) {
		comp[k] = find(k);
		if (odd[k]) conformal[comp[k]!] = false;
	}
	return { comp, conformal };
}

/**
 * How two cells meet: not at all; only at shared vertices and whole shared edges ("vertex",
 * the grid case); or otherwise ("other": a vertex on the other's side, crossing or overlap).
 */
function touch(a: Cell, b: Cell, eps: number): 'none' | 'vertex' | 'other' {
	let contact: 'none' | 'vertex' | 'other' = 'none';
	const segsA = segments(a.polys);
	const segsB = segments(b.polys);
	const eps2 = eps * eps;
	for (const [p, q] of segsA) {
		for (const [r, s] of segsB) {
			if (!boxesMeet(p, q, r, s, eps)) continue;
			if (properCross(p, q, r, s)) return 'other';
			for (const [v, x, y] of [
				[p, r, s],
				[q, r, s],
				[r, p, q],
				[s, p, q]
			] as const) {
				if (distToSegment2(v, x, y) > eps2) continue;
				if (samePoint(v, x) || samePoint(v, y)) contact = 'vertex';
				else return 'other';
			}
		}
	}
	if (contact !== 'none') return contact;
	// No boundary contact: one may still lie inside the other.
	const pa = a.polys[0]![0]![0]!;
	const pb = b.polys[0]![0]![0]!;
	return pointInPolys(pa, b.polys) || pointInPolys(pb, a.polys) ? 'other' : 'none';
}

function segments(polys: Poly[]): [Position, Position][] {
	const out: [Position, Position][] = [];
	for (const poly of polys) {
		for (const ring of poly) {
			for (let k = 0; k + 1 < ring.length; k++) out.push([ring[k]!, ring[k + 1]!]);
		}
	}
	return out;
}

function samePoint(a: Position, b: Position): boolean {
	return a[0] === b[0] && a[1] === b[1];
}

function boxesMeet(p: Position, q: Position, r: Position, s: Position, eps: number): boolean {
	return (
		Math.min(p[0]!, q[0]!) <= Math.max(r[0]!, s[0]!) + eps &&
		Math.min(r[0]!, s[0]!) <= Math.max(p[0]!, q[0]!) + eps &&
		Math.min(p[1]!, q[1]!) <= Math.max(r[1]!, s[1]!) + eps &&
		Math.min(r[1]!, s[1]!) <= Math.max(p[1]!, q[1]!) + eps
	);
}

function orient(a: Position, b: Position, c: Position): number {
	return (b[0]! - a[0]!) * (c[1]! - a[1]!) - (b[1]! - a[1]!) * (c[0]! - a[0]!);
}

/** Segments pq and rs cross at a point interior to both. */
function properCross(p: Position, q: Position, r: Position, s: Position): boolean {
	const o1 = orient(p, q, r);
	const o2 = orient(p, q, s);
	const o3 = orient(r, s, p);
	const o4 = orient(r, s, q);
	return o1 * o2 < 0 && o3 * o4 < 0;
}

function distToSegment2(v: Position, a: Position, b: Position): number {
	const dx = b[0]! - a[0]!;
	const dy = b[1]! - a[1]!;
	const len2 = dx * dx + dy * dy;
	let t = len2 > 0 ? ((v[0]! - a[0]!) * dx + (v[1]! - a[1]!) * dy) / len2 : 0;
	t = Math.max(0, Math.min(1, t));
	const ex = a[0]! + t * dx - v[0]!;
	const ey = a[1]! + t * dy - v[1]!;
	return ex * ex + ey * ey;
}

// ---------------------------------------------------------------------------------------------
// Merging.

/**
 * Outline of cells that meet only edge-to-edge: every ring is oriented with the cell on its left,
 * so an edge shared by two cells appears once in each direction and cancels; what remains is the
 * boundary. Returns null if the cells turn out to overlap (an edge left over twice).
 */
function mergeByEdges(cells: Cell[]): Poly[] | null {
	const ids = new Map<number, Map<number, number>>();
	const pts: Position[] = [];
	const vid = (p: Position): number => {
		let col = ids.get(p[0]!);
		if (!col) ids.set(p[0]!, (col = new Map()));
		let id = col.get(p[1]!);
		if (id === undefined) {
			id = pts.length;
			col.set(p[1]!, id);
			pts.push(p);
		}
		return id;
	};
	let total = 1;
	for (const cell of cells)
		for (const poly of cell.polys) for (const ring of poly) total += ring.length;
	// Directed edge u → v as one number; left-over counts say which edges are boundary.
	const key = (u: number, v: number): number => u * total + v;
	const edges = new Map<number, number>();
	for (const cell of cells) {
		for (const poly of cell.polys) {
			for (const ring of poly) {
				for (let k = 0; k + 1 < ring.length; k++) {
					const u = vid(ring[k]!);
					const v = vid(ring[k + 1]!);
					const back = key(v, u);
					const left = edges.get(back) ?? 0;
					if (left > 0) {
						if (left === 1) edges.delete(back);
						else edges.set(back, left - 1);
						continue;
					}
					if (edges.has(key(u, v))) return null;
					edges.set(key(u, v), 1);
				}
			}
		}
	}
	const out = new Map<number, number[]>();
	for (const e of edges.keys()) {
		const u = Math.floor(e / total);
		const v = e - u * total;
		const list = out.get(u);
		if (list) list.push(v);
		else out.set(u, [v]);
	}

	const rings: number[][] = [];
	for (const [start, targets] of out) {
		while (targets.length > 0) {
			const ring = [start];
			let prev = start;
			let cur = targets.pop()!;
			while (cur !== start) {
				ring.push(cur);
				const next = out.get(cur);
				if (!next || next.length === 0) return null;
				const k = next.length === 1 ? 0 : leftmost(pts, prev, cur, next);
				const [w] = next.splice(k, 1) as [number];
				prev = cur;
				cur = w;
			}
			rings.push(...splitAtRepeats(ring));
		}
	}
	return assemble(rings.map((r) => r.map((v) => pts[v]!)));
}

/** Index into `next` of the sharpest left turn at `cur` coming from `prev`. */
function leftmost(pts: Position[], prev: number, cur: number, next: number[]): number {
	const a = pts[prev]!;
	const b = pts[cur]!;
	const inX = b[0]! - a[0]!;
	const inY = b[1]! - a[1]!;
	let best = -Infinity;
	let bestK = 0;
	next.forEach((w, k) => {
		const c = pts[w]!;
		const outX = c[0]! - b[0]!;
		const outY = c[1]! - b[1]!;
		const turn = Math.atan2(inX * outY - inY * outX, inX * outX + inY * outY);
		if (turn > best) {
			best = turn;
			bestK = k;
		}
	});
	return bestK;
}

/** Splits a closed walk that visits a vertex twice into simple loops. */
function splitAtRepeats(walk: number[]): number[][] {
	const loops: number[][] = [];
	const stack: number[] = [];
	const at = new Map<number, number>();
	for (const v of [...walk, walk[0]!]) {
		const k = at.get(v);
		if (k !== undefined) {
			const loop = stack.splice(k);
			for (const u of loop) at.delete(u);
			if (loop.length >= 3) loops.push(loop);
		}
		at.set(v, stack.length);
		stack.push(v);
	}
	return loops;
}

/** Outer rings (counter-clockwise) with their holes (clockwise), collinear vertices removed. */
function assemble(walks: Position[][]): Poly[] {
	const outers: { ring: Ring; area: number; holes: Ring[] }[] = [];
	const holes: Ring[] = [];
	for (const walk of walks) {
		const ring = closeRing(dropCollinear(walk));
		if (ring.length < 4) continue;
		const a = signedArea(ring);
		if (a > 0) outers.push({ ring, area: a, holes: [] });
		else if (a < 0) holes.push(ring);
	}
	outers.sort((x, y) => x.area - y.area);
	for (const hole of holes) {
		// Just left of a hole's edge is the filled side: find the smallest outer ring around it.
		const a = hole[0]!;
		const b = hole[1]!;
		const probe = [
			(a[0]! + b[0]!) / 2 - (b[1]! - a[1]!) * 1e-4,
			(a[1]! + b[1]!) / 2 + (b[0]! - a[0]!) * 1e-4
		] as const;
		const owner = outers.find((o) => pointInRing(probe[0], probe[1], o.ring)) ?? outers[0];
		owner?.holes.push(hole);
	}
	return outers.map((o) => [o.ring, ...o.holes.sort((x, y) => comparePositions(x[0]!, y[0]!))]);
}

function dropCollinear(walk: Position[]): Position[] {
	const out: Position[] = [];
	for (const p of walk) {
		while (out.length >= 2 && straight(out[out.length - 2]!, out[out.length - 1]!, p)) out.pop();
		out.push(p);
	}
	// The seam between the last and the first vertex.
	for (let changed = true; changed && out.length > 3;) {
		changed = false;
		if (straight(out[out.length - 2]!, out[out.length - 1]!, out[0]!)) {
			out.pop();
			changed = true;
		} else if (straight(out[out.length - 1]!, out[0]!, out[1]!)) {
			out.shift();
			changed = true;
		}
	}
	return out;
}

/** b lies on the straight line from a to c, between them. */
function straight(a: Position, b: Position, c: Position): boolean {
	const abx = b[0]! - a[0]!;
	const aby = b[1]! - a[1]!;
	const bcx = c[0]! - b[0]!;
	const bcy = c[1]! - b[1]!;
	const cross = abx * bcy - aby * bcx;
	return (
		Math.abs(cross) <= 1e-12 * Math.hypot(abx, aby) * Math.hypot(bcx, bcy) &&
		abx * bcx + aby * bcy > 0
	);
}

/** Rotates an open walk to start at its smallest vertex and closes it. */
function closeRing(walk: Position[]): Ring {
	let k0 = 0;
	walk.forEach((p, k) => {
		if (comparePositions(p, walk[k0]!) < 0) k0 = k;
	});
	const ring = [...walk.slice(k0), ...walk.slice(0, k0)];
	if (ring.length > 0) ring.push(ring[0]!);
	return ring;
}

/** Any cells, via `@turf/union`; output normalised like {@link mergeByEdges}. */
function mergeByTurf(cells: Cell[]): Poly[] {
	const merged = union({
		type: 'FeatureCollection',
		features: cells.flatMap((c) =>
			c.polys.map((coordinates) => ({
				type: 'Feature' as const,
				properties: {},
				geometry: { type: 'Polygon' as const, coordinates }
			}))
		)
	});
	if (!merged) return [];
	const g = merged.geometry;
	const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
	const walks: Position[][] = [];
	for (const poly of polys) {
		for (const [r, ring] of poly.entries()) {
			const open = ring.slice(0, -1);
			const ccw = signedArea(ring) > 0;
			walks.push(ccw === (r === 0) ? open : open.reverse());
		}
	}
	return assemble(walks);
}

function toGeometry(polys: Poly[]): Polygon | MultiPolygon {
	const sorted = polys.slice().sort((a, b) => comparePositions(a[0]![0]!, b[0]![0]!));
	return sorted.length === 1
		? { type: 'Polygon', coordinates: sorted[0]! }
		: { type: 'MultiPolygon', coordinates: sorted };
}

function firstPosition(g: Polygon | MultiPolygon): Position {
	return g.type === 'Polygon' ? g.coordinates[0]![0]! : g.coordinates[0]![0]![0]!;
}
