/**
 * Multi-source Dijkstra on a RoadNetwork: for every node, the network distance to the nearest
 * source, where a source is a point on an edge (a snapped bin) that reaches both ends of its edge.
 *
 * Searching stops at `cutoffM`: a caller that only asks "is this within S/2 of a bin" never needs
 * larger distances, which keeps the search local on a city-sized network. Nodes beyond the cutoff
 * stay at Infinity.
 */
import { FlatQueue } from '../geo/flat-queue';
import type { NetworkPosition, RoadNetwork } from './road-network';

export function nodeDistancesFrom(net: RoadNetwork, sources: readonly NetworkPosition[], cutoffM = Infinity): Float64Array {
	const dist = new Float64Array(net.nodeCount).fill(Infinity);
	const search = new Search(net, dist, cutoffM, null, Math.max(1024, sources.length * 2));
	for (const s of sources) {
		search.reach(net.edgeFrom[s.edge], s.offsetM);
		search.reach(net.edgeTo[s.edge], net.edgeLength[s.edge] - s.offsetM);
	}
	search.run();
	return dist;
}

/**
 * Brings `dist` (from nodeDistancesFrom with the same cutoff) up to date after sources changed,
 * searching only `region`: the nodes within the cutoff of every source added or taken away. The
 * distances outside it cannot have changed (no changed source reaches them within the cutoff), so
 * the region's nodes start again from their neighbours outside it and from the sources now on
 * their edges (`sourcesOnEdge`, offsets from the edge's start), and come out as a search of the
 * whole network would give them: each distance is the same sum of the same lengths.
 */
export function redoNodeDistances(
	net: RoadNetwork,
	dist: Float64Array,
	region: readonly number[],
	inRegion: Uint8Array,
	sourcesOnEdge: (edge: number) => readonly number[],
	cutoffM: number
): void {
	const { edgeFrom, edgeTo, edgeLength, adjStart, adjEdge } = net;
	for (const node of region) dist[node] = Infinity;
	const search = new Search(net, dist, cutoffM, inRegion, Math.max(1024, region.length * 2));
	for (const node of region) {
		for (let k = adjStart[node]; k < adjStart[node + 1]; k++) {
			const e = adjEdge[k];
			const other = edgeFrom[e] === node ? edgeTo[e] : edgeFrom[e];
			if (!inRegion[other]) search.reach(node, dist[other] + edgeLength[e]);
			for (const offsetM of sourcesOnEdge(e)) {
				if (edgeFrom[e] === node) search.reach(node, offsetM);
				if (edgeTo[e] === node) search.reach(node, edgeLength[e] - offsetM);
			}
		}
	}
	search.run();
}

/** One Dijkstra over `dist`, within the cutoff, and within `inRegion` where given. */
class Search {
	private readonly queue: FlatQueue;

	constructor(
		private readonly net: RoadNetwork,
		private readonly dist: Float64Array,
		private readonly cutoffM: number,
		private readonly inRegion: Uint8Array | null,
		capacity: number
	) {
		this.queue = new FlatQueue(capacity);
	}

	reach(node: number, d: number): void {
		if (d < this.dist[node] && d <= this.cutoffM) {
			this.dist[node] = d;
			this.queue.push(node, d);
		}
	}

	run(): void {
		const { queue, dist, inRegion } = this;
		const { edgeFrom, edgeTo, edgeLength, adjStart, adjEdge } = this.net;
		while (queue.length > 0) {
			const d = queue.peekValue()!;
			const node = queue.pop()!;
			if (d > dist[node]) continue; // stale entry
			for (let k = adjStart[node]; k < adjStart[node + 1]; k++) {
				const e = adjEdge[k];
				const other = edgeFrom[e] === node ? edgeTo[e] : edgeFrom[e];
				if (inRegion === null || inRegion[other]) this.reach(other, d + edgeLength[e]);
			}
		}
	}
}
