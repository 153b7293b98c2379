import { describe, expect, it } from 'vitest';
import { emptyHardeningFigures } from '../../analysis/hardening-figures';
import type { HardeningReport, ZoneHardeningReport } from '../../analysis/hardening-report';
import { zonesByWorkToDo } from './hardening-report';

const zone = (id: number, name: string | null, m: { hardened?: number; unhardened?: number; unknown?: number }): ZoneHardeningReport => {
	const hardened = m.hardened ?? 0;
	const unhardened = m.unhardened ?? 0;
	const unknown = m.unknown ?? 0;
	const known = hardened + unhardened;
	return {
		...emptyHardeningFigures(),
		id,
		name,
		lengthM: known + unknown,
		hardenedLengthM: hardened,
		unhardenedLengthM: unhardened,
		unknownLengthM: unknown,
		ratePct: known ? (100 * hardened) / known : null,
		meetsTarget: known ? hardened / known >= 0.9 : null,
		byClass: [],
		alleysBelowTarget: false
	};
};

describe('zonesByWorkToDo', () => {
	it('lists the most road still to harden first and puts the zones with no road apart', () => {
		const zones = [zone(1, 'Empty north', {}), zone(2, 'Done', { hardened: 500 }), zone(3, 'Big job', { hardened: 100, unhardened: 900 }), zone(4, 'Small job', { unhardened: 40 }), zone(5, 'Unknown only', { unknown: 300 }), zone(6, null, {})];
		const report: HardeningReport = Object.freeze({
			targetPct: 90,
			alleyTargetPct: 80,
			overall: { ...emptyHardeningFigures(), meetsTarget: null, byClass: [] },
			zones: Object.fromEntries(zones.map((z) => [String(z.id), z])),
			computedAt: '2026-03-02T00:00:00Z'
		});
		const { withRoads, noRoads } = zonesByWorkToDo(report);
		expect(withRoads.map((z) => z.id)).toEqual([3, 4, 5, 2]);
		expect(noRoads.map((z) => z.id)).toEqual([6, 1]);
	});
});
