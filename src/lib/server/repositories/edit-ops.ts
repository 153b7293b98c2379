import type { Geometry } from 'geojson';

/**
 * One feature-level change inside a changeset. Updates and deletes name the version they were
 * based on; a stale one is refused.
 */
export type EditOp =
	| { op: 'create'; kind: string; geometry: Geometry; properties: Record<string, unknown> }
	| {
			op: 'update';
			id: number;
			baseVersion: number;
			geometry?: Geometry;
			/** Replaces the properties whole (patch merging is done before, in the service). */
			properties?: Record<string, unknown>;
	  }
	| { op: 'delete'; id: number; baseVersion: number }
	/** Brings a deleted feature back with the given state (only used by revert). */
	| { op: 'restore'; id: number; baseVersion: number; geometry: Geometry; properties: Record<string, unknown> };

export interface ChangesetInput {
	author: string;
	/** The signed-in user, when there is one. */
	userId?: number | null;
	source: 'web' | 'field' | 'import' | 'api' | 'seed';
	comment?: string;
	revertOf?: number;
	meta?: Record<string, unknown>;
}
