/**
 * Joins the gap pieces of single edges into maximal gap stretches.
 *
 * Two pieces join where they meet at a node of degree 2 (the road simply continues, whether or not
 * the data splits it into two ways there) and have the same road class. A junction of three or more
 * edges, or a change of class, ends a stretch, so each stretch is one LineString of one class.
 */
import type { Position } from 'geojson';
import { pointOnEdge, type RoadNetwork } from './road-network';
import { GAP_EPSILON_M } from './gaps-intervals';

export interface GapPiece {
	edge: number;
	startM: number;
	endM: number;
}

export interface GapStretch {
	classIndex: number;
	lengthM: number;
	coordinates: Position[];
}

const NONE = -1;

/** Which pieces make one stretch, in order: each entry is 2 × piece + the side the stretch enters it from (0: its start). */
export type GapChain = number[];

/** The stretches as chains of pieces, without their coordinates (stretchOf draws one): what counting them needs. */
export function chainGapPieces(net: RoadNetwork, pieces: readonly GapPiece[]): GapChain[] {
	// link[2p] is what piece p's start joins, link[2p+1] its end, encoded as 2q + side of q.
	const link = new Int32Array(pieces.length * 2).fill(NONE);
	// The piece ends at each node, up to two (a third means no join there): typed arrays, not a map, as this runs after every edit.
	const endsAt = new Int32Array(net.nodeCount * 2).fill(NONE);
	const endCount = new Uint8Array(net.nodeCount);
	const touched: number[] = [];
	const endAt = (node: number, end: number) => {
		const n = endCount[node];
		if (n === 0) touched.push(node);
		if (n < 2) endsAt[2 * node + n] = end;
		if (n < 3) endCount[node] = n + 1;
	};
	pieces.forEach((piece, p) => {
		const e = piece.edge;
		if (piece.startM <= GAP_EPSILON_M) endAt(net.edgeFrom[e], 2 * p);
		if (piece.endM >= net.edgeLength[e] - GAP_EPSILON_M) endAt(net.edgeTo[e], 2 * p + 1);
	});
	for (const node of touched) {
		if (endCount[node] !== 2 || net.adjStart[node + 1] - net.adjStart[node] !== 2) continue;
		const u = endsAt[2 * node], v = endsAt[2 * node + 1];
		if (net.edgeClass[pieces[u >> 1].edge] !== net.edgeClass[pieces[v >> 1].edge]) continue;
		link[u] = v;
		link[v] = u;
	}

	const visited = new Uint8Array(pieces.length);
	const chains: GapChain[] = [];
	const walk = (first: number, enterSide: number) => {
		const chain: GapChain = [];
		let p = first, side = enterSide;
		while (p !== NONE && !visited[p]) {
			visited[p] = 1;
			chain.push(2 * p + side);
			const next = link[2 * p + (1 - side)];
			if (next === NONE) break;
			p = next >> 1;
			side = next & 1;
		}
		chains.push(chain);
	};
	// Open chains first, from an end that joins nothing; what is left are closed loops.
	for (let p = 0; p < pieces.length; p++) {
		if (visited[p]) continue;
		if (link[2 * p] === NONE) walk(p, 0);
		else if (link[2 * p + 1] === NONE) walk(p, 1);
	}
	for (let p = 0; p < pieces.length; p++) if (!visited[p]) walk(p, 0);
	return chains;
}

/** One stretch's line and length. */
export function stretchOf(net: RoadNetwork, pieces: readonly GapPiece[], chain: GapChain): GapStretch {
	const coordinates: Position[] = [];
	let lengthM = 0;
	for (const entry of chain) {
		const { edge, startM, endM } = pieces[entry >> 1];
		const a = pointOnEdge(net, edge, startM), b = pointOnEdge(net, edge, endM);
		const [head, tail] = (entry & 1) === 0 ? [a, b] : [b, a];
		if (coordinates.length === 0) coordinates.push(head);
		coordinates.push(tail);
		lengthM += endM - startM;
	}
	return { classIndex: net.edgeClass[pieces[chain[0] >> 1].edge], lengthM, coordinates };
}
