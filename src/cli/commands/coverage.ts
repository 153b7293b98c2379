/**
 * `coverage`: targets within a walking radius of a bin, overall and per zone. Output field names
 * (`radiusM`, `targets`, `covered`, `coveredPct`, `weightedTargets`, `weightedCovered`,
 * `zones[].id/name/targets/covered/coveredPct`) are relied on by scripts.
 */
import type { Command } from '../command';
import { CliError } from '../cli-error';
import { readFeatureCollectionOption, readOptionalFeatureCollectionOption, writeFeatureCollectionToOut } from '../io';
import { nonNegativeNumberOption } from '../options';
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
	options: { valued: ['bins', 'targets', 'radius', 'zones', 'out'] },
	run(values) {
		const radiusM = nonNegativeNumberOption(values, 'radius');
		const bins = readFeatureCollectionOption(values, 'bins');
		const targets = readFeatureCollectionOption(values, 'targets');
		const zones = readOptionalFeatureCollectionOption(values, 'zones');
		const result = withUserErrors(() => computeCoverage(bins, targets, { radiusM, zones }));
		writeFeatureCollectionToOut(values, result.uncovered);
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
