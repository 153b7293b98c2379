/**
 * Coverage searched from the points' side, for when points are far fewer than targets (a city has
 * about one bin per twenty buildings): the targets go into a uniform grid of cells about R wide by
 * a counting sort (linear time, two typed arrays, no per-target objects), and each point visits only
 * the cells its reach can touch, marking the targets it covers.
 *
 * The grid is only a prefilter that never misses: the box a point searches is widened by R, the
 * largest half-extent of any target and the scale of its poleward edge, and the decision itself is
 * the same `coversTarget(…, R + tolerance)` as the target-side search, so both give the same mask.
 *
 * The grid is kept by the coverage state between requests (coverage-state.ts): a bin placed or
 * moved visits the targets within its reach, no others.
 */
import type { PointLayer } from '../geo/point-layer';
import { rulerAt } from '../geo/ruler-at';
import { COVERAGE_TOLERANCE_M, coversTarget, type TargetSet } from './coverage-targets';

/** Most cells per target: a tiny radius over a huge extent must not allocate a huge grid. */
const MAX_CELLS_PER_TARGET = 4;

/** The targets in a grid of cells about R wide, asked which lie within R of a point. */
export class TargetGrid {
	private readonly minX: number;
	private readonly minY: number;
	private readonly maxX: number;
	private readonly maxY: number;
	private readonly halfX: number;
	private readonly halfY: number;
	private readonly cellX: number;
	private readonly cellY: number;
	private readonly cols: number;
	private readonly rows: number;
	private readonly ky: number;
	private readonly reach: number;
	/** cellStart[c] .. cellStart[c+1] in `order` are the targets of cell c. */
	private readonly cellStart: Int32Array;
	private readonly order: Int32Array;

	constructor(
		readonly targets: TargetSet,
		readonly radiusM: number
	) {
		const n = targets.count;
		const b = targets.bbox;
		const cx = new Float64Array(n), cy = new Float64Array(n);
		let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity, halfX = 0, halfY = 0;
		for (let i = 0; i < n; i++) {
			const x0 = b[i * 4], y0 = b[i * 4 + 1], x1 = b[i * 4 + 2], y1 = b[i * 4 + 3];
			const x = (cx[i] = (x0 + x1) / 2), y = (cy[i] = (y0 + y1) / 2);
			if (x < minX) minX = x;
			if (x > maxX) maxX = x;
			if (y < minY) minY = y;
			if (y > maxY) maxY = y;
			if (x1 - x0 > halfX) halfX = x1 - x0;
			if (y1 - y0 > halfY) halfY = y1 - y0;
		}
		this.halfX = halfX / 2;
		this.halfY = halfY / 2;
		this.minX = minX;
		this.minY = minY;
		this.maxX = maxX;
		this.maxY = maxY;

		const reach = (this.reach = radiusM + COVERAGE_TOLERANCE_M);
		const mid = rulerAt(n > 0 ? (minY + maxY) / 2 : 0);
		this.ky = mid.ky;
		let cellX = Math.max(reach / mid.kx, 1e-9), cellY = Math.max(reach / mid.ky, 1e-9);
		let cols = n > 0 ? Math.floor((maxX - minX) / cellX) + 1 : 0, rows = n > 0 ? Math.floor((maxY - minY) / cellY) + 1 : 0;
		if (cols * rows > MAX_CELLS_PER_TARGET * n) {
			const f = Math.sqrt((cols * rows) / (MAX_CELLS_PER_TARGET * n));
			cellX *= f;
			cellY *= f;
			cols = Math.floor((maxX - minX) / cellX) + 1;
			rows = Math.floor((maxY - minY) / cellY) + 1;
		}
		this.cellX = cellX;
		this.cellY = cellY;
		this.cols = cols;
		this.rows = rows;

		// Counting sort of the targets by cell.
		const cellOf = new Int32Array(n);
		const cellStart = (this.cellStart = new Int32Array(cols * rows + 1));
		for (let i = 0; i < n; i++) {
			const c = Math.floor((cy[i] - minY) / cellY) * cols + Math.floor((cx[i] - minX) / cellX);
			cellOf[i] = c;
			cellStart[c + 1]++;
		}
		for (let c = 0; c < cols * rows; c++) cellStart[c + 1] += cellStart[c];
		const fill = cellStart.slice(0, cols * rows);
		const order = (this.order = new Int32Array(n));
		for (let i = 0; i < n; i++) order[fill[cellOf[i]]++] = i;
	}

	/** Calls `visit(i)` for each target within the radius of (x, y), passing over those `skip` marks. */
	visitNear(x: number, y: number, visit: (i: number) => void, skip?: Uint8Array): void {
		if (this.targets.count === 0) return;
		const { minX, minY, maxX, maxY, halfX, halfY, cellX, cellY, cols, rows, reach, cellStart, order } = this;
		const b = this.targets.bbox;
		// Degrees of reach at the poleward edge of the search box, where a degree of longitude is shortest.
		const dy = (reach / this.ky) * 1.01 + halfY;
		const poleward = rulerAt(Math.abs(y - dy) > Math.abs(y + dy) ? y - dy : y + dy);
		const dx = (reach / poleward.kx) * 1.001 + halfX;
		const dyy = (reach / poleward.ky) * 1.001 + halfY;
		const qx0 = x - dx, qx1 = x + dx, qy0 = y - Math.max(dy, dyy), qy1 = y + Math.max(dy, dyy);
		if (qx1 < minX || qx0 > maxX || qy1 < minY || qy0 > maxY) return;
		const c0 = Math.max(0, Math.floor((qx0 - minX) / cellX)), c1 = Math.min(cols - 1, Math.floor((qx1 - minX) / cellX));
		const r0 = Math.max(0, Math.floor((qy0 - minY) / cellY)), r1 = Math.min(rows - 1, Math.floor((qy1 - minY) / cellY));
		for (let r = r0; r <= r1; r++) {
			for (let k = cellStart[r * cols + c0], end = cellStart[r * cols + c1 + 1]; k < end; k++) {
				const i = order[k];
				if (skip && skip[i]) continue;
				// The target's own box widened by the reach must contain the point.
				if (x < b[i * 4] - dx + halfX || x > b[i * 4 + 2] + dx - halfX) continue;
				if (y < b[i * 4 + 1] - dyy + halfY || y > b[i * 4 + 3] + dyy - halfY) continue;
				if (coversTarget(this.targets, i, x, y, reach)) visit(i);
			}
		}
	}
}

export function coveredMaskFromPoints(layer: PointLayer, targets: TargetSet, radiusM: number): Uint8Array {
	const mask = new Uint8Array(targets.count);
	if (targets.count === 0 || layer.count === 0) return mask;
	const grid = new TargetGrid(targets, radiusM);
	const mark = (i: number) => {
		mask[i] = 1;
	};
	for (let p = 0; p < layer.count; p++) grid.visitNear(layer.lon[p], layer.lat[p], mark, mask);
	return mask;
}
