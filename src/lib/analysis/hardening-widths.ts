/**
 * Road widths for hardened area (m² = length × width). A road's own `widthM` is used when it is a
 * positive number; otherwise a typical carriageway width for its class, so a campaign can report an
 * area before every road is measured. Output says how much area rests on these defaults.
 *
 * Defaults (metres): commercial street 8, main road 12, secondary 8, branch 5, alley 3. These are
 * project assumptions for a typical carriageway, not figures from a standard; callers can pass
 * their own, and the output's areaFromDefaultWidthM2 shows how much area depends on them.
 */
import type { RoadClass } from '../domain/road-class';

export const DEFAULT_ROAD_WIDTH_M: Readonly<Record<RoadClass, number>> = Object.freeze({
	commercial: 8,
	main: 12,
	secondary: 8,
	branch: 5,
	alley: 3
});

export interface RoadWidth {
	widthM: number;
	/** True when the class default was used because the road has no usable `widthM`. */
	defaulted: boolean;
}

export function roadWidthOf(
	properties: Record<string, unknown> | null | undefined,
	roadClass: RoadClass,
	defaults: Readonly<Record<RoadClass, number>> = DEFAULT_ROAD_WIDTH_M
): RoadWidth {
	const own = properties?.widthM;
	if (typeof own === 'number' && Number.isFinite(own) && own > 0) return { widthM: own, defaulted: false };
	return { widthM: defaults[roadClass], defaulted: true };
}
