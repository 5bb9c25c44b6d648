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
 *    cancelling every edge shared by two cells — linear time. Cells clipped by community borders
 *    meet at T-junctions (a corner of one on the side of another); those vertices are found once
 *    ({@link DesertIndex}) and inserted into the neighbour's edge, so shared edges still cancel
 *    exactly. Only cells that overlap or cross go through `@turf/union` (exact for any input but
 *    20–40× slower on thousands of cells); {@link DesertStats} says when that happened.
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
	box: [number, number, number, number];
}

/** How one run of {@link DesertIndex.find} went: which merge path each desert took. */
export interface DesertStats {
	/** Deserts found (before the `minDemand` filter). */
	components: number;
	/** Deserts merged by edge cancelling (the linear-time path). */
	fastPath: number;
	/**
	 * Deserts merged through `@turf/union`: only when cells truly overlap or cross, never for
	 * grid cells that meet edge-to-edge or at T-junctions.
	 */
	fallbacks: number;
	/** For each returned feature (same order), the positions of its member cells in the input. */
	members: number[][];
	/** Wall time of the run in ms. */
	ms: number;
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
	const isUncovered = uncoveredTest(options.uncovered);
	const demandKey = options.demandProperty ?? 'demand';
	const picked = list.filter((f, k) => f.geometry && isUncovered(f, k));
	const demand = picked.map((f) => {
		const raw: unknown = f.properties?.[demandKey];
		return typeof raw === 'number' && Number.isFinite(raw) ? raw : 0;
	});
	const index = new DesertIndex(
		picked.map((f) => f.geometry),
		options.snap === undefined ? {} : { snap: options.snap }
	);
	return index.find(
		() => true,
		demand,
		options.minDemand === undefined ? {} : { minDemand: options.minDemand }
	).deserts;
}

/** A touching neighbour of a prepared cell. */
interface Contact {
	other: number;
	/**
	 * 'vertex': only shared vertices and whole shared edges; 'tjunction': also vertices of one on
	 * the side of the other (fixed by inserting them); 'other': crossing, overlap or containment.
	 */
	kind: 'vertex' | 'tjunction' | 'other';
	/** Vertices of `other` lying inside one of this cell's edges. */
	inserts: Insert[];
}

/** A vertex to insert into edge `seg` of ring `ring` of polygon `poly`, at parameter t. */
interface Insert {
	poly: number;
	ring: number;
	seg: number;
	t: number;
	point: Position;
}

/** A cell's rings as vertex ids (closed: last = first), for the edge-cancelling merge. */
interface CellRings {
	rings: Int32Array[];
	/** Per ring, per edge: vertex ids to insert when that neighbour is uncovered. */
	inserts: Map<number, { other: number; ids: number[] }[]>;
}

/**
 * Grid cells prepared once for repeated desert questions (the planner's what-if Worker asks after
 * every edit): snapped outlines, a Flatbush index and every touching pair with its T-junction
 * vertices. Each {@link DesertIndex.find} then only joins the uncovered cells (union–find over the
 * stored contacts) and merges each group by cancelling shared edges: with the T-junction vertices
 * of uncovered neighbours inserted, cells that share edges only partly still cancel exactly.
 * `@turf/union` is left for cells that overlap or cross, which a proper grid never has.
 *
 * @example
 * const index = new DesertIndex(cells.map((c) => c.geometry));
 * const { deserts, stats } = index.find((k) => !covered[k], demand, { minDemand: 1 });
 */
export class DesertIndex {
	/** Number of cells. */
	readonly size: number;
	/** Pairs of cells that meet at T-junctions (a vertex of one inside a side of the other). */
	readonly tJunctionPairs: number;
	private readonly cells: Cell[];
	private readonly contacts: Contact[][];
	/** Every distinct vertex; cells refer to them by id. */
	private readonly pts: Position[] = [];
	private readonly rings: CellRings[];

	/**
	 * @param geometries - the cells' outlines, in the order later masks and demand use
	 * @param options - coordinate snapping grid in degrees (default 1e-9)
	 */
	constructor(
		geometries: readonly (Polygon | MultiPolygon | null | undefined)[],
		options: { snap?: number } = {}
	) {
		const snap = options.snap ?? 1e-9;
		this.size = geometries.length;
		const snapped = geometries.map((g) => (g ? snapGeometry(g, snap) : []));
		this.cells = clusterVertices(snapped, snap).map((polys) => ({
			polys,
			box: boxOf(polys)
		}));
		// Snapping moves a vertex by up to snap / 2, so one that lies on a slanted edge of a
		// neighbour can end up about one snap off it: allow two.
		this.contacts = contactsOf(this.cells, Math.max(snap * 2, 1e-12));
		let pairs = 0;
		for (const list of this.contacts) for (const c of list) if (c.kind === 'tjunction') pairs++;
		this.tJunctionPairs = pairs / 2;
		const ids = new Map<number, Map<number, number>>();
		const vid = (p: Position): number => {
			let col = ids.get(p[0]!);
			if (!col) ids.set(p[0]!, (col = new Map()));
			let id = col.get(p[1]!);
			if (id === undefined) {
				id = this.pts.length;
				col.set(p[1]!, id);
				this.pts.push(p);
			}
			return id;
		};
		this.rings = this.cells.map((cell, k) => {
			const rings: Int32Array[] = [];
			const slot = new Map<string, number>();
			cell.polys.forEach((poly, pi) =>
				poly.forEach((ring, ri) => {
					slot.set(`${pi}/${ri}`, rings.length);
					rings.push(Int32Array.from(ring, vid));
				})
			);
			// Inserts keyed by ring slot × 2^20 + edge, sorted along the edge.
			const inserts = new Map<number, { other: number; ids: number[] }[]>();
			for (const c of this.contacts[k]!) {
				const byEdge = new Map<number, Insert[]>();
				for (const ins of c.inserts) {
					const key = slot.get(`${ins.poly}/${ins.ring}`)! * 1_048_576 + ins.seg;
					const list = byEdge.get(key);
					if (list) list.push(ins);
					else byEdge.set(key, [ins]);
				}
				for (const [key, list] of byEdge) {
					list.sort((x, y) => x.t - y.t);
					const entry = { other: c.other, ids: list.map((ins) => vid(ins.point)) };
					const at = inserts.get(key);
					if (at) at.push(entry);
					else inserts.set(key, [entry]);
				}
			}
			return { rings, inserts };
		});
	}

	/**
	 * Deserts among the cells picked by `uncovered`.
	 *
	 * @param uncovered - whether cell k is uncovered (cells without geometry are skipped)
	 * @param demand - uncovered demand per cell (persons), by position
	 * @param options - leave out deserts with less demand than `minDemand` (default 0)
	 * @returns the ranked desert polygons and how they were merged
	 * @example
	 * index.find((k) => covered[k] === 0, weights, { minDemand: 1 }).stats.fallbacks; // 0
	 */
	find(
		uncovered: (index: number) => boolean,
		demand: ArrayLike<number>,
		options: { minDemand?: number } = {}
	): { deserts: FeatureCollection<Polygon | MultiPolygon, DesertProperties>; stats: DesertStats } {
		const t0 = performance.now();
		const n = this.size;
		const on = new Uint8Array(n);
		for (let k = 0; k < n; k++) {
			if (this.cells[k]!.polys.length > 0 && uncovered(k)) on[k] = 1;
		}
		const parent = Int32Array.from({ length: n }, (_, k) => k);
		const find = (k: number): number => {
			while (parent[k] !== k) {
				parent[k] = parent[parent[k]!]!;
				k = parent[k]!;
			}
			return k;
		};
		const odd = new Uint8Array(n);
		for (let a = 0; a < n; a++) {
			if (!on[a]) continue;
			for (const c of this.contacts[a]!) {
				if (!on[c.other]) continue;
				if (c.kind === 'other') odd[a] = odd[c.other] = 1;
				const ra = find(a);
				const rb = find(c.other);
				if (ra !== rb) parent[ra] = rb;
			}
		}
		const groups = new Map<number, number[]>();
		const conformal = new Map<number, boolean>();
		for (let k = 0; k < n; k++) {
			if (!on[k]) continue;
			const root = find(k);
			const g = groups.get(root);
			if (g) g.push(k);
			else groups.set(root, [k]);
			if (odd[k]) conformal.set(root, false);
		}

		const stats: DesertStats = {
			components: groups.size,
			fastPath: 0,
			fallbacks: 0,
			members: [],
			ms: 0
		};
		const found: {
			demand: number;
			areaM2: number;
			members: number[];
			geometry: Polygon | MultiPolygon;
		}[] = [];
		for (const [root, members] of groups) {
			let sum = 0;
			for (const k of members) {
				const d = demand[k];
				if (typeof d === 'number' && Number.isFinite(d)) sum += d;
			}
			const total = Math.round(sum);
			if (total < (options.minDemand ?? 0)) continue;
			let polys: Poly[] | null = null;
			if (conformal.get(root) !== false) {
				polys = this.mergeByEdges(members, on);
			}
			if (polys) stats.fastPath++;
			else {
				stats.fallbacks++;
				polys = mergeByTurf(members.map((k) => this.cells[k]!));
			}
			if (polys.length === 0) continue;
			const geometry = toGeometry(polys);
			found.push({ demand: total, areaM2: Math.round(area(geometry)), members, geometry });
		}
		found.sort(
			(a, b) =>
				b.demand - a.demand ||
				b.areaM2 - a.areaM2 ||
				comparePositions(firstPosition(a.geometry), firstPosition(b.geometry))
		);
		stats.members = found.map((d) => d.members);
		stats.ms = performance.now() - t0;
		return {
			deserts: {
				type: 'FeatureCollection',
				features: found.map((dsr, k) => ({
					type: 'Feature',
					id: k + 1,
					properties: {
						rank: k + 1,
						demand: dsr.demand,
						areaM2: dsr.areaM2,
						cells: dsr.members.length
					},
					geometry: dsr.geometry
				}))
			},
			stats
		};
	}

	/**
	 * Outline of cells that meet only edge-to-edge once the T-junction vertices of their uncovered
	 * neighbours are inserted: every ring is oriented with the cell on its left, so an edge shared
	 * by two cells appears once in each direction and cancels; what remains is the boundary.
	 * Returns null if the cells turn out to overlap (an edge left over twice).
	 */
	private mergeByEdges(members: number[], on: Uint8Array): Poly[] | null {
		const total = this.pts.length + 1;
		const edges = new Map<number, number>();
		let overlap = false;
		const add = (u: number, v: number): void => {
			const back = v * total + u;
			const left = edges.get(back) ?? 0;
			if (left > 0) {
				if (left === 1) edges.delete(back);
				else edges.set(back, left - 1);
				return;
			}
			const key = u * total + v;
			if (edges.has(key)) overlap = true;
			edges.set(key, 1);
		};
		const chain: number[] = [];
		for (const k of members) {
			const { rings, inserts } = this.rings[k]!;
			rings.forEach((ring, r) => {
				for (let e = 0; e + 1 < ring.length; e++) {
					const u = ring[e]!;
					const v = ring[e + 1]!;
					const extra = inserts.size > 0 ? inserts.get(r * 1_048_576 + e) : undefined;
					if (!extra) {
						add(u, v);
						continue;
					}
					// Several uncovered neighbours may insert into one edge: merge their sorted lists.
					chain.length = 0;
					for (const x of extra) if (on[x.other]) chain.push(...x.ids);
					if (chain.length === 0) {
						add(u, v);
						continue;
					}
					const a = this.pts[u]!;
					const b = this.pts[v]!;
					const t = (id: number): number => paramOn(this.pts[id]!, a, b);
					if (extra.length > 1) chain.sort((x, y) => t(x) - t(y));
					let prev = u;
					for (const w of chain) {
						if (w === prev) continue;
						add(prev, w);
						prev = w;
					}
					if (prev !== v) add(prev, v);
				}
			});
		}
		if (overlap) return null;
		return outline(edges, total, this.pts);
	}
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

/**
 * Joins vertices one snapping step apart (in x, y or both) into one: outlines computed one cell at
 * a time and written with a fixed number of decimals put a shared corner at neighbouring grid
 * points, which would otherwise leave slivers and near-parallel crossings. Each cluster takes its
 * lowest-left position; rings are cleaned again afterwards.
 */
function clusterVertices(cells: Poly[][], snap: number): Poly[][] {
	if (!(snap > 0)) return cells;
	const inv = 1 / snap;
	const keyOf = (p: Position): string => `${Math.round(p[0]! * inv)},${Math.round(p[1]! * inv)}`;
	const ids = new Map<string, number>();
	const grid: [number, number][] = [];
	const pos: Position[] = [];
	for (const polys of cells) {
		for (const poly of polys) {
			for (const ring of poly) {
				for (const p of ring) {
					const key = keyOf(p);
					if (ids.has(key)) continue;
					ids.set(key, pos.length);
					grid.push([Math.round(p[0]! * inv), Math.round(p[1]! * inv)]);
					pos.push(p);
				}
			}
		}
	}
	const parent = Int32Array.from({ length: pos.length }, (_, k) => k);
	const find = (k: number): number => {
		while (parent[k] !== k) {
			parent[k] = parent[parent[k]!]!;
			k = parent[k]!;
		}
		return k;
	};
	let joined = false;
	grid.forEach(([x, y], k) => {
		for (const [dx, dy] of [
			[1, -1],
			[1, 0],
			[1, 1],
			[0, 1]
		] as const) {
			const other = ids.get(`${x + dx},${y + dy}`);
			if (other === undefined) continue;
			const a = find(k);
			const b = find(other);
			if (a === b) continue;
			joined = true;
			// The lowest-left position represents the cluster.
			if (comparePositions(pos[a]!, pos[b]!) <= 0) parent[b] = a;
			else parent[a] = b;
		}
	});
	if (!joined) return cells;
	return cells.map((polys) => {
		const out: Poly[] = [];
		for (const poly of polys) {
			const rings: Ring[] = [];
			for (const [r, ring] of poly.entries()) {
				const moved: Ring = [];
				for (const p of ring) {
					const q = pos[find(ids.get(keyOf(p))!)]!;
					const last = moved[moved.length - 1];
					if (!last || !samePoint(last, q)) moved.push(q);
				}
				if (moved.length < 4 || signedArea(moved) === 0) {
					if (r === 0) break;
					continue;
				}
				rings.push(moved);
			}
			if (rings.length > 0) out.push(rings);
		}
		return out;
	});
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

function contactsOf(cells: Cell[], eps: number): Contact[][] {
	const n = cells.length;
	const contacts: Contact[][] = Array.from({ length: n }, () => []);
	const live = cells.map((c, k) => (c.polys.length > 0 ? k : -1)).filter((k) => k >= 0);
	if (live.length === 0) return contacts;
	const index = new Flatbush(live.length);
	for (const k of live) {
		const b = cells[k]!.box;
		index.add(b[0], b[1], b[2], b[3]);
	}
	index.finish();
	const segs = cells.map((c) => segments(c.polys));
	for (const a of live) {
		const box = cells[a]!.box;
		for (const j of index.search(box[0] - eps, box[1] - eps, box[2] + eps, box[3] + eps)) {
			const b = live[j]!;
			if (b <= a) continue;
			const t = touch(cells[a]!, segs[a]!, cells[b]!, segs[b]!, eps);
			if (t.kind === 'none') continue;
			contacts[a]!.push({ other: b, kind: t.kind, inserts: t.intoA });
			contacts[b]!.push({ other: a, kind: t.kind, inserts: t.intoB });
		}
	}
	return contacts;
}

interface Segment {
	p: Position;
	q: Position;
	poly: number;
	ring: number;
	seg: number;
}

/**
 * How two cells meet: not at all; only at shared vertices and whole shared edges ("vertex",
 * the plain grid case); also with vertices of one inside the sides of the other ("tjunction",
 * with the vertices to insert into each); or otherwise ("other": crossing, overlap, containment).
 */
function touch(
	a: Cell,
	segsA: Segment[],
	b: Cell,
	segsB: Segment[],
	eps: number
): { kind: 'none' | 'vertex' | 'tjunction' | 'other'; intoA: Insert[]; intoB: Insert[] } {
	let kind: 'none' | 'vertex' | 'tjunction' = 'none';
	const intoA = new Map<string, Insert>();
	const intoB = new Map<string, Insert>();
	const eps2 = eps * eps;
	const other = { kind: 'other' as const, intoA: [], intoB: [] };
	const onSide = (v: Position, s: Segment, into: Map<string, Insert>): void => {
		if (distToSegment2(v, s.p, s.q) > eps2) return;
		if (samePoint(v, s.p) || samePoint(v, s.q)) {
			if (kind === 'none') kind = 'vertex';
			return;
		}
		kind = 'tjunction';
		const key = `${s.poly}/${s.ring}/${s.seg}/${v[0]}/${v[1]}`;
		if (!into.has(key)) {
			into.set(key, { poly: s.poly, ring: s.ring, seg: s.seg, t: paramOn(v, s.p, s.q), point: v });
		}
	};
	for (const sa of segsA) {
		for (const sb of segsB) {
			if (!boxesMeet(sa.p, sa.q, sb.p, sb.q, eps)) continue;
			// A vertex within eps of the other segment is a touch (a T-junction below), even when
			// rounding puts it a hair across the line.
			if (
				properCross(sa.p, sa.q, sb.p, sb.q) &&
				distToSegment2(sa.p, sb.p, sb.q) > eps2 &&
				distToSegment2(sa.q, sb.p, sb.q) > eps2 &&
				distToSegment2(sb.p, sa.p, sa.q) > eps2 &&
				distToSegment2(sb.q, sa.p, sa.q) > eps2
			) {
				return other;
			}
			onSide(sa.p, sb, intoB);
			onSide(sa.q, sb, intoB);
			onSide(sb.p, sa, intoA);
			onSide(sb.q, sa, intoA);
		}
	}
	if (kind === 'none') {
		// No boundary contact: one may still lie inside the other.
		const pa = a.polys[0]![0]![0]!;
		const pb = b.polys[0]![0]![0]!;
		return pointInPolys(pa, b.polys) || pointInPolys(pb, a.polys)
			? other
			: { kind: 'none', intoA: [], intoB: [] };
	}
	// The boundaries only touch; the cells still overlap if a piece of one's boundary (split at
	// every contact point) runs through the other's interior.
	const ia = [...intoA.values()];
	const ib = [...intoB.values()];
	if (entersInterior(segsA, ia, b, segsB, eps) || entersInterior(segsB, ib, a, segsA, eps)) {
		return other;
	}
	return { kind, intoA: ia, intoB: ib };
}

/** Whether the midpoint of some piece of `segs` (split at `inserts`) lies strictly inside `cell`. */
function entersInterior(
	segs: Segment[],
	inserts: Insert[],
	cell: Cell,
	cellSegs: Segment[],
	eps: number
): boolean {
	const box = cell.box;
	for (const s of segs) {
		const ts = [0, 1];
		for (const ins of inserts) {
			if (ins.poly === s.poly && ins.ring === s.ring && ins.seg === s.seg) ts.push(ins.t);
		}
		ts.sort((x, y) => x - y);
		for (let k = 0; k + 1 < ts.length; k++) {
			const t = (ts[k]! + ts[k + 1]!) / 2;
			const m: Position = [s.p[0]! + t * (s.q[0]! - s.p[0]!), s.p[1]! + t * (s.q[1]! - s.p[1]!)];
			if (m[0]! < box[0] || m[0]! > box[2] || m[1]! < box[1] || m[1]! > box[3]) continue;
			if (cellSegs.some((c) => distToSegment2(m, c.p, c.q) <= eps * eps)) continue;
			if (pointInPolys(m, cell.polys)) return true;
		}
	}
	return false;
}

/** Parameter (0–1) of the projection of v on segment ab. */
function paramOn(v: Position, a: Position, b: Position): number {
	const dx = b[0]! - a[0]!;
	const dy = b[1]! - a[1]!;
	const len2 = dx * dx + dy * dy;
	return len2 > 0 ? ((v[0]! - a[0]!) * dx + (v[1]! - a[1]!) * dy) / len2 : 0;
}

function segments(polys: Poly[]): Segment[] {
	const out: Segment[] = [];
	polys.forEach((poly, pi) =>
		poly.forEach((ring, ri) => {
			for (let k = 0; k + 1 < ring.length; k++) {
				out.push({ p: ring[k]!, q: ring[k + 1]!, poly: pi, ring: ri, seg: k });
			}
		})
	);
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

/** The boundary rings of the directed edges left after cancelling (keys u × total + v). */
function outline(edges: Map<number, number>, total: number, pts: Position[]): Poly[] | null {
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

/** Any cells, via `@turf/union`; output normalised like {@link DesertIndex}. */
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
