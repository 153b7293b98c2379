/**
 * `site`: N new bin sites that newly cover the most target weight. Output field names (`count`,
 * `radiusM`, `coveredBefore`, `coveredAfter`, `gain`, `method`, `optimalityGapPct`,
 * `sites[].lon/lat/gain`) are relied on by scripts.
 */
import type { Command } from '../command';
import { CliError } from '../cli-error';
import { readFeatureCollectionOption, writeFeatureCollectionToOut } from '../io';
import { nonNegativeNumberOption, numberOption, positiveNumberOption } from '../options';
import { DEFAULT_CANDIDATE_SPACING_M, DEFAULT_EXACT_TIME_LIMIT_S, suggestSites } from '../../lib/analysis/siting';
import { asUserError } from './coverage';

export const siteCommand: Command = {
	name: 'site',
	summary: 'Suggest N new bin sites that cover the most uncovered targets (greedy, or exact MILP)',
	usage: 'site --bins F --targets F --roads F --count N --radius M [--spacing M] [--exact] [--time-limit S] [--out sites.geojson]',
	options: { valued: ['bins', 'targets', 'roads', 'count', 'radius', 'spacing', 'time-limit', 'out'], flags: ['exact'] },
	async run(values) {
		const count = numberOption(values, 'count');
		if (!Number.isInteger(count) || count < 0) throw new CliError('--count must be a whole number ≥ 0.');
		const radiusM = nonNegativeNumberOption(values, 'radius');
		const spacingM = positiveNumberOption(values, 'spacing', DEFAULT_CANDIDATE_SPACING_M);
		const timeLimitS = positiveNumberOption(values, 'time-limit', DEFAULT_EXACT_TIME_LIMIT_S);
		const bins = readFeatureCollectionOption(values, 'bins');
		const targets = readFeatureCollectionOption(values, 'targets');
		const roads = readFeatureCollectionOption(values, 'roads');
		const method = values.exact === true ? 'exact' : 'greedy';
		const result = await suggestSites(bins, targets, roads, { count, radiusM, spacingM, method, timeLimitS }).catch((e) => {
			throw asUserError(e);
		});
		writeFeatureCollectionToOut(values, result.siteFeatures);
		// The sites as features go to --out; the answer keeps the sites' figures.
		const { siteFeatures: _features, ...figures } = result;
		return figures;
	}
};
