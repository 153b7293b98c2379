/**
 * Per-zone hotspot figures as they are printed: by the `zones` CLI command and by
 * GET /api/analysis/zones, which must show the same numbers for the same data.
 */
import type { PrintedZoneFigures } from '../domain/api-types';
import type { ZoneAggregateResult } from './zone-aggregate';

/** Rounded for reading; the analysis keeps full precision. */
const round = (x: number | null, digits = 3) => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);
/** Densities span orders of magnitude (a city block vs a district), so they keep significant digits. */
const significant = (x: number | null) => (x === null ? null : Number(x.toPrecision(6)));

export function printedZoneFigures(result: ZoneAggregateResult): PrintedZoneFigures {
	return {
		zones: result.zones.map((z) => ({
			id: z.id,
			name: z.name,
			count: z.count,
			perKm2: significant(z.perKm2),
			areaKm2: significant(z.areaKm2),
			per1000Residents: significant(z.per1000Residents),
			open: z.open,
			overdue: z.overdue,
			resolvedOnTimePct: round(z.resolvedOnTimePct, 1),
			medianDaysToResolve: round(z.medianDaysToResolve, 2)
		})),
		outside: result.outside,
		excludedByDate: result.excludedByDate,
		unlocated: result.unlocated
	};
}
