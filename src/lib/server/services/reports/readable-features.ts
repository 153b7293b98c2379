/**
 * Stored versions as a page can show them. The report is rebuilt from every stored version, and
 * one that no longer passes the geometry check (stored before the check was whole, or written to
 * the file by another program: a `__proto__` member, members nested thousands deep, a broken
 * ring) must not take the report down for everyone. Such a version is left out of the figures and
 * listed, so the page says which feature to fix; every other one gets a fresh `{ type, coordinates }`.
 */
import type { Geometry } from 'geojson';
import { kindDef } from '../../../domain/kinds';
import { cleanGeometry, validateGeometry } from '../../../geo/validate-geometry';
import type { FeatureAt } from '../../repositories/history-at';

export interface UnreadableFeature {
	collection: string;
	id: number;
	version: number;
	/** The first problem found, as the write check words it. */
	problem: string;
}

const NO_VERTEX_LIMIT = { maxVertices: Number.MAX_SAFE_INTEGER };

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `list` with unusable versions left out and recorded in `unreadable` (keyed collection:id). */
export function readableFeatures(list: readonly FeatureAt[], kind: string, unreadable: Map<string, UnreadableFeature>): FeatureAt[] {
	const def = kindDef(kind);
	if (!def) return [...list];
	const out: FeatureAt[] = [];
	for (const f of list) {
		const issues = validateGeometry(f.geometry, def.geometry, NO_VERTEX_LIMIT);
		const problem = issues[0]?.message ?? (isPlainObject(f.properties) && !Object.hasOwn(f.properties, '__proto__') ? null : 'Its properties are not a plain object.');
		if (problem === null) out.push({ ...f, geometry: cleanGeometry(f.geometry as Geometry) });
		else unreadable.set(`${def.collection}:${f.id}`, { collection: def.collection, id: f.id, version: f.version, problem });
	}
	return out;
}
