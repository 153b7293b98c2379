/** What every vector tile shares, whichever thread makes it: its extent and the attributes it carries. */
import { parsedJson, type StoredJson } from '../../store/tiles';

export const TILE_EXTENT = 4096;
/** Point layers cluster up to this zoom, single points from the next zoom on. */
export const CLUSTER_MAX_ZOOM = 14;

/** The attributes that travel in tiles: those kind-layers.ts styles by, and the name. */
export const TILE_ATTRIBUTES = ['name', 'status', 'condition', 'hardened', 'roadClass', 'surface', 'category', 'severity', 'binType', 'frontageContract'];

export function tileProperties(stored: StoredJson<Record<string, unknown>>): Record<string, string | number | boolean> {
	const all = parsedJson(stored);
	const out: Record<string, string | number | boolean> = {};
	for (const key of TILE_ATTRIBUTES) {
		const v = all[key];
		if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[key] = v;
	}
	return out;
}
