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
	const queue = new FlatQueue(Math.max(1024, sources.length * 2));
	const { edgeFrom, edgeTo, edgeLength, adjStart, adjEdge } = net;
	const reach = (node: number, d: number) => {
		if (d < dist[node] && d <= cutoffM) {
			dist[node] = d;
			queue.push(node, d);
		}
	};
	for (const s of sources) {
		reach(edgeFrom[s.edge], s.offsetM);
		reach(edgeTo[s.edge], edgeLength[s.edge] - s.offsetM);
	}
	while (queue.length > 0) {
		const d = queue.peekValue()!;
		const node = queue.pop()!;
		if (d > dist[node]) continue; // stale entry
		for (let k = adjStart[node]; k < adjStart[node + 1]; k++) {
			const e = adjEdge[k];
			const other = edgeFrom[e] === node ? edgeTo[e] : edgeFrom[e];
			reach(other, d + edgeLength[e]);
		}
	}
	return dist;
}
