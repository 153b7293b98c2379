/** The messages between the main thread and the cluster worker. */
import type { ClusterTile, ClusterTileRequest } from './cluster-indexes';
import type { StoreTarget } from '../../store/target';

export interface ClusterWorkerInit {
	mark: string;
	/** The server's store; the worker reads it over a connection of its own. */
	target: StoreTarget;
}

export type ClusterWorkerRequest = { id: number; op: 'tile'; request: ClusterTileRequest } | { id: number; op: 'warm'; kind: string; version: number };

export type ClusterWorkerReply =
	| { id: number; ok: true; tile: ClusterTile }
	| { id: number; ok: true; buildMs: number }
	| { id: number; ok: false; error: { name: string; message: string; code?: string } };
