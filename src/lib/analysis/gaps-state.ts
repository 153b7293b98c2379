/**
 * Spacing gaps kept up to date one bin at a time, over a road network that stays (gaps.ts says
 * what a gap is). computeSpacingGaps over the same bins answers the same, to the last bit.
 *
 * A bin reaches only the roads within the largest S/2 of it along the network. So a changed bin
 * (new, moved, deleted, or counted no more) changes the network distances of the nodes within that
 * distance of its old and new places alone: those are searched again from their neighbours and
 * the bins around them (redoNodeDistances), and only the edges at those nodes, and the edges the
 * bin sat on, have their gaps computed again. The totals are summed again over every edge's gaps,
 * kept per edge, in edge order as the full computation sums them; the stretches are joined again
 * when asked for. At city scale a changed bin costs milliseconds where the full computation costs
 * a third of a second.
 */
import type { Feature, Geometry, Position } from 'geojson';
import type { NetworkPosition } from './road-network';
import { nodeDistancesFrom, redoNodeDistances } from './network-distance';
import type { GapInterval } from './gaps-intervals';
import {
	addBinOnEdge,
	edgeGapIntervals,
	edgeGapsOf,
	gapFiguresOf,
	gapLinesOf,
	gapPiecesOf,
	gapsCutoffM,
	snapBin,
	type GapFigures,
	type GapLines,
	type GapPieces,
	type GapsBasis
} from './gaps';

/** Past this many changed bin places since the last answer, computing every distance again is as quick. */
const RECOMPUTE_AFTER_PLACES = 2000;

/** What is derived from the bins, made again only when they changed since. */
interface Answer {
	figures?: GapFigures;
	pieces?: GapPieces;
	lines?: GapLines;
}

export class SpacingGapState {
	/** Each counted bin's points where they snapped (null: too far from every road). */
	private readonly places = new Map<number, (NetworkPosition | null)[]>();
	private readonly binsOnEdge = new Map<number, number[]>();
	private snappedBins = 0;
	private binPoints = 0;
	/** The network distances and each edge's gaps as of the last answer; null before the first. */
	private dist: Float64Array | null = null;
	private intervals: GapInterval[][] = [];
	/** The old and new places of the bins changed since the last answer. */
	private changedPlaces: NetworkPosition[] = [];
	private answer: Answer = {};

	constructor(
		readonly basis: GapsBasis,
		/** Whether a bin with these properties counts (a removed or planned one may not). */
		private readonly counts: (properties: Record<string, unknown>) => boolean
	) {}

	/** How many counted bins it holds. */
	get size(): number {
		return this.places.size;
	}

	put(bin: Feature<Geometry | null>): void {
		const id = Number(bin.id);
		this.forget(id);
		this.answer = {};
		if (!this.counts(bin.properties ?? {})) return;
		const places = pointsOf(bin.geometry).map(([lon, lat]) => snapBin(this.basis, lon, lat));
		this.places.set(id, places);
		this.binPoints += places.length;
		for (const place of places) {
			if (!place) continue;
			this.snappedBins++;
			addBinOnEdge(this.binsOnEdge, place);
			this.changed(place);
		}
	}

	remove(id: number): void {
		this.forget(id);
		this.answer = {};
	}

	/** The totals, as computeSpacingGaps gives them less the stretches. */
	figures(): GapFigures {
		this.bringUpToDate();
		return (this.answer.figures ??= gapFiguresOf(this.basis, this.intervals, this.pieces().chains.length, this.snappedBins, this.binPoints));
	}

	/** The stretches, as computeSpacingGaps gives them. */
	gapLines(): GapLines {
		this.bringUpToDate();
		return (this.answer.lines ??= gapLinesOf(this.basis, this.pieces()));
	}

	private pieces(): GapPieces {
		return (this.answer.pieces ??= gapPiecesOf(this.basis, this.intervals));
	}

	private forget(id: number): void {
		const places = this.places.get(id);
		if (!places) return;
		this.places.delete(id);
		this.binPoints -= places.length;
		for (const place of places) {
			if (!place) continue;
			this.snappedBins--;
			const list = this.binsOnEdge.get(place.edge)!;
			list.splice(list.indexOf(place.offsetM), 1);
			if (list.length === 0) this.binsOnEdge.delete(place.edge);
			this.changed(place);
		}
	}

	private changed(place: NetworkPosition): void {
		// Before the first answer everything is computed anyway.
		if (this.dist) this.changedPlaces.push(place);
	}

	private bringUpToDate(): void {
		if (this.dist && this.changedPlaces.length === 0) return;
		const cutoffM = gapsCutoffM(this.basis);
		if (!this.dist || this.changedPlaces.length > RECOMPUTE_AFTER_PLACES) {
			const snapped = [...this.places.values()].flat().filter((p): p is NetworkPosition => p !== null);
			({ dist: this.dist, intervals: this.intervals } = edgeGapsOf(this.basis, snapped));
		} else {
			this.redoAround(this.changedPlaces, cutoffM);
		}
		this.changedPlaces = [];
	}

	/** The distances and gaps near `places`, where bins came or went. */
	private redoAround(places: readonly NetworkPosition[], cutoffM: number): void {
		const { net } = this.basis;
		const dist = this.dist!;
		const reach = nodeDistancesFrom(net, places, cutoffM);
		const region: number[] = [];
		const inRegion = new Uint8Array(net.nodeCount);
		for (let node = 0; node < net.nodeCount; node++) {
			if (reach[node] !== Infinity) {
				region.push(node);
				inRegion[node] = 1;
			}
		}
		redoNodeDistances(net, dist, region, inRegion, (e) => this.binsOnEdge.get(e) ?? [], cutoffM);
		const edges = new Set<number>(places.map((p) => p.edge));
		for (const node of region) {
			for (let k = net.adjStart[node]; k < net.adjStart[node + 1]; k++) edges.add(net.adjEdge[k]);
		}
		for (const e of edges) this.intervals[e] = edgeGapIntervals(this.basis, dist, this.binsOnEdge, e);
	}
}

/** A bin's points (stored bins are Points or MultiPoints; anything else has none). */
function pointsOf(geometry: Geometry | null): Position[] {
	if (geometry?.type === 'Point') return [geometry.coordinates];
	if (geometry?.type === 'MultiPoint') return geometry.coordinates;
	return [];
}
