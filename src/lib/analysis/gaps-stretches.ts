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

export function joinGapPieces(net: RoadNetwork, pieces: readonly GapPiece[]): GapStretch[] {
	// link[2p] is what piece p's start joins, link[2p+1] its end, encoded as 2q + side of q.
	const link = new Int32Array(pieces.length * 2).fill(NONE);
	const endsAtNode = new Map<number, number[]>();
	pieces.forEach((piece, p) => {
		const e = piece.edge;
		if (piece.startM <= GAP_EPSILON_M) push(endsAtNode, net.edgeFrom[e], 2 * p);
		if (piece.endM >= net.edgeLength[e] - GAP_EPSILON_M) push(endsAtNode, net.edgeTo[e], 2 * p + 1);
	});
	for (const [node, ends] of endsAtNode) {
		if (ends.length !== 2 || net.adjStart[node + 1] - net.adjStart[node] !== 2) continue;
		const [u, v] = ends;
		if (net.edgeClass[pieces[u >> 1].edge] !== net.edgeClass[pieces[v >> 1].edge]) continue;
		link[u] = v;
		link[v] = u;
	}

	const visited = new Uint8Array(pieces.length);
	const stretches: GapStretch[] = [];
	const walk = (first: number, enterSide: number) => {
		const coordinates: Position[] = [];
		let lengthM = 0;
		let p = first, side = enterSide;
		while (p !== NONE && !visited[p]) {
			visited[p] = 1;
			const { edge, startM, endM } = pieces[p];
			const a = pointOnEdge(net, edge, startM), b = pointOnEdge(net, edge, endM);
			const [head, tail] = side === 0 ? [a, b] : [b, a];
			if (coordinates.length === 0) coordinates.push(head);
			coordinates.push(tail);
			lengthM += endM - startM;
			const next = link[2 * p + (1 - side)];
			if (next === NONE) break;
			p = next >> 1;
			side = next & 1;
		}
		stretches.push({ classIndex: net.edgeClass[pieces[first].edge], lengthM, coordinates });
	};
	// Open chains first, from an end that joins nothing; what is left are closed loops.
	for (let p = 0; p < pieces.length; p++) {
		if (visited[p]) continue;
		if (link[2 * p] === NONE) walk(p, 0);
		else if (link[2 * p + 1] === NONE) walk(p, 1);
	}
	for (let p = 0; p < pieces.length; p++) if (!visited[p]) walk(p, 0);
	return stretches;
}

function push(map: Map<number, number[]>, key: number, value: number): void {
	const list = map.get(key);
	if (list) list.push(value);
	else map.set(key, [value]);
}
