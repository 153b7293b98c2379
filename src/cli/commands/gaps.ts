/**
 * `gaps`: stretches of counted road farther than half the class's maximum bin spacing from a bin
 * along the network. Output field names (`roadLengthM`, `gapLengthM`, `gaps`,
 * `byClass.<class>.roadLengthM/gapLengthM/spacingM`, `zones[]`) are relied on by scripts.
 */
import { readFileSync } from 'node:fs';
import type { Command } from '../command';
import { CliError } from '../cli-error';
import { readFeatureCollectionOption, readOptionalFeatureCollectionOption, writeFeatureCollectionToOut } from '../io';
import { nonNegativeNumberOption, stringOption } from '../options';
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
	options: { valued: ['bins', 'roads', 'snap', 'rules', 'zones', 'out'] },
	run(values) {
		const snapM = nonNegativeNumberOption(values, 'snap', DEFAULT_SNAP_M);
		const binSpacingM = values.rules === undefined ? {} : readSpacingRules(stringOption(values, 'rules'));
		const bins = readFeatureCollectionOption(values, 'bins');
		const roads = readFeatureCollectionOption(values, 'roads');
		const zones = readOptionalFeatureCollectionOption(values, 'zones');
		const result = withUserErrors(() => computeSpacingGaps(bins, roads, { snapM, binSpacingM, zones }));
		writeFeatureCollectionToOut(values, result.gapLines);
		// The stretches themselves go to --out; the answer is the figures.
		const { gapLines: _lines, ...figures } = result;
		return figures;
	}
};
