/**
 * `gaps`: stretches of counted road farther than half the class's maximum bin spacing from a bin
 * along the network. Output field names (`roadLengthM`, `gapLengthM`, `gaps`,
 * `byClass.<class>.roadLengthM/gapLengthM/spacingM`, `zones[]`) are relied on by scripts.
 */
import { readFileSync } from 'node:fs';
import type { Command } from '../command';
import { CliError } from '../cli-error';
import { numberOption, readFeatureCollection, stringOption, writeFeatureCollection } from '../io';
import { computeSpacingGaps, DEFAULT_SNAP_M } from '../../lib/analysis/gaps';
import { withUserErrors } from './coverage';

/** Reads `{"binSpacingM": {"alley": 300}}`; values are checked by the analysis. */
function readSpacingRules(path: string): Record<string, number> {
	let json: unknown;
	try {
		json = JSON.parse(readFileSync(path, 'utf8'));
	} catch (e) {
		throw new CliError(`Cannot read the rules file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
	}
	const spacing = (json as { binSpacingM?: unknown })?.binSpacingM;
	if (spacing === undefined) return {};
	if (typeof spacing !== 'object' || spacing === null || Array.isArray(spacing)) {
		throw new CliError(`The rules file ${path}: binSpacingM must be an object of metres by road class.`);
	}
	return spacing as Record<string, number>;
}

export const gapsCommand: Command = {
	name: 'gaps',
	summary: 'Road stretches farther than half the maximum bin spacing from a bin along the network',
	usage: 'gaps --bins F --roads F [--snap M] [--rules rules.json] [--zones F] [--out gaps.geojson]',
	options: {
		bins: { type: 'string' },
		roads: { type: 'string' },
		snap: { type: 'string' },
		rules: { type: 'string' },
		zones: { type: 'string' },
		out: { type: 'string' }
	},
	run(values) {
		const snapM = numberOption(values, 'snap', DEFAULT_SNAP_M);
		if (snapM < 0) throw new CliError('--snap must not be negative.');
		const binSpacingM = values.rules === undefined ? {} : readSpacingRules(stringOption(values, 'rules'));
		const bins = readFeatureCollection(stringOption(values, 'bins'), 'bins');
		const roads = readFeatureCollection(stringOption(values, 'roads'), 'roads');
		const zones = values.zones === undefined ? undefined : readFeatureCollection(stringOption(values, 'zones'), 'zones');
		const result = withUserErrors(() => computeSpacingGaps(bins, roads, { snapM, binSpacingM, zones }));
		if (values.out !== undefined) writeFeatureCollection(stringOption(values, 'out'), result.gapLines);
		// The stretches themselves go to --out; the answer is the figures.
		const { gapLines: _lines, ...figures } = result;
		return figures;
	}
};
