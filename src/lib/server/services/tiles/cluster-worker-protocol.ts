/** The messages between the main thread and the cluster worker. */
import type { ClusterTile, ClusterTileRequest } from './cluster-indexes';

export interface ClusterWorkerInit {
	mark: string;
	databasePath: string;
	busyTimeoutMs: number;
}

export type ClusterWorkerRequest = { id: number; op: 'tile'; request: ClusterTileRequest } | { id: number; op: 'warm'; kind: string; version: number };

export type ClusterWorkerReply =
	| { id: number; ok: true; tile: ClusterTile }
	| { id: number; ok: true; buildMs: number }
	| { id: number; ok: false; error: { name: string; message: string; code?: string } };
