/**
 * `coverage`: targets within a walking radius of a bin, overall and per zone. Output field names
 * (`radiusM`, `targets`, `covered`, `coveredPct`, `weightedTargets`, `weightedCovered`,
 * `zones[].id/name/targets/covered/coveredPct`) are relied on by scripts.
 */
import type { Command } from '../command';
import { CliError } from '../cli-error';
import { numberOption, readFeatureCollection, stringOption, writeFeatureCollection } from '../io';
import { computeCoverage } from '../../lib/analysis/coverage';
import { GeometryTypeError } from '../../lib/geo/geometry-type-error';

/** The mistakes a user can fix (wrong geometry type, out-of-range number) as CliError; others as they are. */
export function asUserError(e: unknown): unknown {
	return e instanceof GeometryTypeError || e instanceof RangeError ? new CliError(e.message) : e;
}

export function withUserErrors<T>(run: () => T): T {
	try {
		return run();
	} catch (e) {
		throw asUserError(e);
	}
}

export const coverageCommand: Command = {
	name: 'coverage',
	summary: 'Share of buildings / address points within a walking radius of a bin, per zone',
	usage: 'coverage --bins F --targets F --radius M [--zones F] [--out uncovered.geojson]',
	options: {
		bins: { type: 'string' },
		targets: { type: 'string' },
		radius: { type: 'string' },
		zones: { type: 'string' },
		out: { type: 'string' }
	},
	run(values) {
		const radiusM = numberOption(values, 'radius');
		if (radiusM < 0) throw new CliError('--radius must not be negative.');
		const bins = readFeatureCollection(stringOption(values, 'bins'), 'bins');
		const targets = readFeatureCollection(stringOption(values, 'targets'), 'targets');
		const zones = values.zones === undefined ? undefined : readFeatureCollection(stringOption(values, 'zones'), 'zones');
		const result = withUserErrors(() => computeCoverage(bins, targets, { radiusM, zones }));
		if (values.out !== undefined) writeFeatureCollection(stringOption(values, 'out'), result.uncovered);
		return {
			radiusM: result.radiusM,
			targets: result.targets,
			covered: result.covered,
			coveredPct: result.coveredPct,
			weightedTargets: result.weightedTargets,
			weightedCovered: result.weightedCovered,
			zones: result.zones
		};
	}
};
