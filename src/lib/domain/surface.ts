/**
 * Whether a road surface counts as hardened (道路硬底化), following the OpenStreetMap wiki's
 * paved / unpaved split of `surface=*` (https://wiki.openstreetmap.org/wiki/Key:surface).
 */
const HARD_SURFACES = new Set([
	'paved', 'asphalt', 'chipseal', 'concrete', 'concrete:plates', 'concrete:lanes', 'paving', 'paving_stones',
	'paving_stones:lanes', 'grass_paver', 'sett', 'unhewn_cobblestone', 'cobblestone', 'bricks', 'metal', 'metal_grid',
	'wood', 'stepping_stones', 'rubber', 'tiles'
]);
const SOFT_SURFACES = new Set([
	'unpaved', 'compacted', 'fine_gravel', 'gravel', 'shells', 'rock', 'pebblestone', 'ground', 'dirt', 'earth',
	'grass', 'mud', 'sand', 'woodchips', 'snow', 'ice', 'salt', 'clay', 'artificial_turf'
]);

export const HARDENINGS = ['hardened', 'unhardened', 'unknown'] as const;
export type Hardening = (typeof HARDENINGS)[number];

export function hardeningFromSurface(surface: unknown): Hardening {
	if (typeof surface !== 'string') return 'unknown';
	if (HARD_SURFACES.has(surface)) return 'hardened';
	if (SOFT_SURFACES.has(surface)) return 'unhardened';
	return 'unknown';
}

/** A road's hardening: the boolean `hardened` property when set, else from `surface`, else unknown. */
export function hardeningOf(properties: Record<string, unknown> | null | undefined): Hardening {
	if (!properties) return 'unknown';
	if (typeof properties.hardened === 'boolean') return properties.hardened ? 'hardened' : 'unhardened';
	return hardeningFromSurface(properties.surface);
}
