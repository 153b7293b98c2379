/**
 * `site`: N new bin sites that newly cover the most target weight. Output field names (`count`,
 * `radiusM`, `coveredBefore`, `coveredAfter`, `gain`, `method`, `optimalityGapPct`,
 * `sites[].lon/lat/gain`) are relied on by scripts.
 */
import type { Command } from '../command';
import { CliError } from '../cli-error';
import { numberOption, readFeatureCollection, stringOption, writeFeatureCollection } from '../io';
import { DEFAULT_CANDIDATE_SPACING_M, DEFAULT_EXACT_TIME_LIMIT_S, suggestSites } from '../../lib/analysis/siting';
import { asUserError } from './coverage';

export const siteCommand: Command = {
	name: 'site',
	summary: 'Suggest N new bin sites that cover the most uncovered targets (greedy, or exact MILP)',
	usage: 'site --bins F --targets F --roads F --count N --radius M [--spacing M] [--exact] [--time-limit S] [--out sites.geojson]',
	options: {
		bins: { type: 'string' },
		targets: { type: 'string' },
		roads: { type: 'string' },
		count: { type: 'string' },
		radius: { type: 'string' },
		spacing: { type: 'string' },
		exact: { type: 'boolean' },
		'time-limit': { type: 'string' },
		out: { type: 'string' }
	},
	async run(values) {
		const count = numberOption(values, 'count');
		if (!Number.isInteger(count) || count < 0) throw new CliError('--count must be a whole number ≥ 0.');
		const radiusM = numberOption(values, 'radius');
		if (radiusM < 0) throw new CliError('--radius must not be negative.');
		const spacingM = numberOption(values, 'spacing', DEFAULT_CANDIDATE_SPACING_M);
		if (spacingM <= 0) throw new CliError('--spacing must be positive.');
		const timeLimitS = numberOption(values, 'time-limit', DEFAULT_EXACT_TIME_LIMIT_S);
		if (timeLimitS <= 0) throw new CliError('--time-limit must be positive.');
		const bins = readFeatureCollection(stringOption(values, 'bins'), 'bins');
		const targets = readFeatureCollection(stringOption(values, 'targets'), 'targets');
		const roads = readFeatureCollection(stringOption(values, 'roads'), 'roads');
		const method = values.exact === true ? 'exact' : 'greedy';
		const result = await suggestSites(bins, targets, roads, { count, radiusM, spacingM, method, timeLimitS }).catch((e) => {
			throw asUserError(e);
		});
		if (values.out !== undefined) writeFeatureCollection(stringOption(values, 'out'), result.siteFeatures);
		// The sites as features go to --out; the answer keeps the sites' figures.
		const { siteFeatures: _features, ...figures } = result;
		return figures;
	}
};
