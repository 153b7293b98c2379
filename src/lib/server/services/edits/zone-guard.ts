/**
 * Field staff given zones write only inside them: every feature a changeset writes must touch one
 * of their zones before and after the change (a bin may not be moved out of, or into, a zone that
 * is someone else's). A record that names its zone counts by that zone, not by where its point
 * lies: an inspection by the zone it inspects, a vector survey or activity by its `zoneId` (the zone
 * its figures go to), so one placed in one's own zone but naming another is refused. A refusal is a
 * 403 `zone.forbidden` naming the zone.
 */
import * as turf from '@turf/turf';
import type { Geometry } from 'geojson';
import { kindDef } from '../../../domain/kinds';
import { INSPECTION_KIND } from '../../../domain/inspections/kind';
import { refuse } from '../../../domain/edits/refusal';
import type { WriteGuard } from '../../repositories/changeset-input';
import type { StoredFeature } from '../../store/types';

/** Kinds whose zone is the `zoneId` they name (stored as a number or as its text). */
const ZONE_NAMED_KINDS: Record<string, { en: string }> = {
	[INSPECTION_KIND]: { en: 'inspection' },
	vectorSurvey: { en: 'vector survey' },
	vectorActivity: { en: 'vector activity' }
};

const zoneIdOf = (value: unknown): number | null => {
	const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : NaN;
	return Number.isSafeInteger(n) ? n : null;
};

const nameOf = (z: StoredFeature) => (typeof z.properties.name === 'string' && z.properties.name ? z.properties.name : `#${z.id}`);

function touches(geometry: Geometry, zone: StoredFeature): boolean {
	try {
		return turf.booleanIntersects(geometry as never, zone.geometry as never);
	} catch {
		return false;
	}
}

/** `mine`: the ids of the writer's zones; `zones`: every zone (to name the one a refused feature lies in). */
export function zoneGuard(mine: readonly number[], zones: readonly StoredFeature[]): WriteGuard {
	const own = zones.filter((z) => mine.includes(z.id));
	const yours = own.map(nameOf).join(', ') || mine.map((id) => `#${id}`).join(', ');
	return (before, after) => {
		for (const state of [before, after]) {
			if (!state) continue;
			const named = ZONE_NAMED_KINDS[state.kind];
			if (named) {
				const zoneId = zoneIdOf(state.properties.zoneId);
				if (zoneId !== null && mine.includes(zoneId)) continue;
				const zone = zones.find((z) => z.id === zoneId);
				return refuse('forbidden', 'zone.forbidden', zone ? `This ${named.en} is of zone "${nameOf(zone)}", which is not one of your zones (${yours}).` : `This ${named.en} lies outside your zones (${yours}).`, {
					zoneId: zone?.id ?? null,
					zoneName: zone ? nameOf(zone) : null,
					yourZones: [...mine]
				});
			}
			if (own.some((z) => touches(state.geometry, z))) continue;
			const zone = zones.find((z) => touches(state.geometry, z));
			const layer = kindDef(state.kind)?.label.en.toLowerCase() ?? state.kind;
			const what = 'id' in state ? `Feature ${(state as { id: number }).id} (${layer})` : `This feature (${layer})`;
			return refuse(
				'forbidden',
				'zone.forbidden',
				zone
					? `${what} lies in zone "${nameOf(zone)}", which is not one of your zones (${yours}); ask that zone's staff or a planner.`
					: `${what} lies outside every zone, so outside your zones (${yours}); ask a planner.`,
				{ zoneId: zone?.id ?? null, zoneName: zone ? nameOf(zone) : null, yourZones: [...mine] }
			);
		}
		return null;
	};
}
