/**
 * `hardening`: road hardening rate overall, per road class and per zone. The output field names
 * (`lengthM`, `hardenedLengthM`, `unhardenedLengthM`, `unknownLengthM`, `ratePct`, `hardenedAreaM2`,
 * `zones[].id/name/lengthM/hardenedLengthM/ratePct`) are relied on by scripts; more fields may follow.
 */
import type { Command } from '../command';
import { CliError } from '../cli-error';
import { readFeatureCollection } from '../io';
import { hardeningRates } from '../../lib/analysis/hardening-rate';
import type { HardeningFigures } from '../../lib/analysis/hardening-figures';

/** Figures rounded for printing (centimetres, hundredths of a percent); the analysis keeps full precision. */
const round2 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);

function printable(f: HardeningFigures) {
	return {
		lengthM: round2(f.lengthM),
		hardenedLengthM: round2(f.hardenedLengthM),
		unhardenedLengthM: round2(f.unhardenedLengthM),
		unknownLengthM: round2(f.unknownLengthM),
		ratePct: round2(f.ratePct),
		hardenedAreaM2: round2(f.hardenedAreaM2),
		areaFromDefaultWidthM2: round2(f.areaFromDefaultWidthM2)
	};
}

export const hardeningCommand: Command = {
	name: 'hardening',
	summary: 'Road hardening rate (hardened ÷ known-surface length) overall, per road class and per zone, against the target',
	usage: 'hardening --roads F [--zones F]',
	options: { valued: ['roads', 'zones'] },
	run(values) {
		if (typeof values.roads !== 'string') throw new CliError('--roads is required.');
		const roads = readFeatureCollection(values.roads, 'roads');
		const zones = typeof values.zones === 'string' ? readFeatureCollection(values.zones, 'zones') : { type: 'FeatureCollection' as const, features: [] };
		const r = hardeningRates(roads, zones);
		const byClass = (classes: typeof r.byClass) =>
			classes.map((c) => ({ roadClass: c.roadClass, ...printable(c), targetPct: c.targetPct, meetsTarget: c.meetsTarget }));
		return {
			...printable(r),
			targetPct: r.targetPct,
			alleyTargetPct: r.alleyTargetPct,
			meetsTarget: r.meetsTarget,
			roadsCounted: r.roadsCounted,
			roadsSkipped: r.roadsSkipped,
			byClass: byClass(r.byClass),
			zones: r.zones.map((z) => ({ id: z.id, name: z.name, ...printable(z), meetsTarget: z.meetsTarget, byClass: byClass(z.byClass) }))
		};
	}
};
