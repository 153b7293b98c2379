/**
 * Multi-source Dijkstra on a RoadNetwork: for every node, the network distance to the nearest
 * source, where a source is a point on an edge (a snapped bin) that reaches both ends of its edge.
 *
 * Searching stops at `cutoffM`: a caller that only asks "is this within S/2 of a bin" never needs
 * larger distances, which keeps the search local on a city-sized network. Nodes beyond the cutoff
 * stay at Infinity.
 */
import TinyQueue from 'tinyqueue';
import type { NetworkPosition, RoadNetwork } from './road-network';

interface QueueItem {
	node: number;
	dist: number;
}

export function nodeDistancesFrom(net: RoadNetwork, sources: readonly NetworkPosition[], cutoffM = Infinity): Float64Array {
	const dist = new Float64Array(net.nodeCount).fill(Infinity);
	const queue = new TinyQueue<QueueItem>([], (a, b) => a.dist - b.dist);
	const reach = (node: number, d: number) => {
		if (d < dist[node] && d <= cutoffM) {
			dist[node] = d;
			queue.push({ node, dist: d });
		}
	};
	for (const s of sources) {
		reach(net.edgeFrom[s.edge], s.offsetM);
		reach(net.edgeTo[s.edge], net.edgeLength[s.edge] - s.offsetM);
	}
	while (queue.length > 0) {
		const { node, dist: d } = queue.pop()!;
		if (d > dist[node]) continue; // stale entry
		for (let k = net.adjStart[node]; k < net.adjStart[node + 1]; k++) {
			const e = net.adjEdge[k];
			const other = net.edgeFrom[e] === node ? net.edgeTo[e] : net.edgeFrom[e];
			reach(other, d + net.edgeLength[e]);
		}
	}
	return dist;
}
