import type { HardeningReport, ZoneHardeningReport } from '../../analysis/hardening-report';

/**
 * The zones as a worker reads the list: the most road still to harden first (unhardened length,
 * then unknown surface), and apart, the zones with no road mapped yet, which have nothing to act on.
 */
export function zonesByWorkToDo(report: HardeningReport): { withRoads: ZoneHardeningReport[]; noRoads: ZoneHardeningReport[] } {
	const zones = Object.values(report.zones);
	const hasRoads = (z: ZoneHardeningReport) => z.lengthM > 0 || z.hardenedLengthM + z.unhardenedLengthM + z.unknownLengthM > 0;
	const name = (z: ZoneHardeningReport) => z.name ?? `#${z.id}`;
	const withRoads = zones
		.filter(hasRoads)
		.sort((a, b) => b.unhardenedLengthM - a.unhardenedLengthM || b.unknownLengthM - a.unknownLengthM || name(a).localeCompare(name(b)) || a.id - b.id);
	const noRoads = zones.filter((z) => !hasRoads(z)).sort((a, b) => name(a).localeCompare(name(b)) || a.id - b.id);
	return { withRoads, noRoads };
}
