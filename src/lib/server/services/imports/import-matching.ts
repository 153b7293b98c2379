/**
 * How a re-import finds the features an earlier import created, so it updates them instead of
 * adding duplicates: OSM data by its `osmId`; other files by the key column the person chose,
 * whose value → feature id map each import records in its changeset's meta.
 */
import type { StoredFeature } from '../../repositories/stored-feature';
import type { ImportKeyReads } from '../../store/import-keys';
import type { FeatureReads } from '../../store/types';

/** Live features of a kind that carry an osmId, by that id. */
export async function featuresByOsmId(features: FeatureReads, kind: string): Promise<Map<string, StoredFeature>> {
	const out = new Map<string, StoredFeature>();
	for (const f of await features.all(kind)) {
		const osmId = f.properties.osmId;
		if (osmId !== undefined && osmId !== null) out.set(String(osmId), f);
	}
	return out;
}

/**
 * Live features earlier imports of this kind created or updated under the same key column, by key.
 * Later imports win; a feature deleted since (or whose import was undone) is not matched.
 */
export async function featuresByImportKey(features: FeatureReads, imports: ImportKeyReads, kind: string, keyColumn: string): Promise<Map<string, StoredFeature>> {
	const ids = new Map<string, number>();
	for (const keys of await imports.keyMaps(kind, keyColumn)) for (const [key, id] of Object.entries(keys)) ids.set(key, id);
	const out = new Map<string, StoredFeature>();
	if (ids.size === 0) return out;
	const live = new Map((await features.all(kind)).map((f) => [f.id, f]));
	for (const [key, id] of ids) {
		const f = live.get(id);
		if (f) out.set(key, f);
	}
	return out;
}
