import { readFileSync, writeFileSync } from 'node:fs';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { CliError } from './cli-error';
import { stringOption } from './options';

/** Reads a GeoJSON file as a FeatureCollection (a single Feature or bare geometry is wrapped). */
export function readFeatureCollection(path: string, what = 'input'): FeatureCollection {
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (e) {
		throw new CliError(`Cannot read the ${what} file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
	}
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (e) {
		throw new CliError(`The ${what} file ${path} is not valid JSON: ${(e as Error).message}`);
	}
	const obj = json as { type?: string };
	if (obj?.type === 'FeatureCollection' && Array.isArray((json as FeatureCollection).features)) return json as FeatureCollection;
	if (obj?.type === 'Feature') return { type: 'FeatureCollection', features: [json as Feature] };
	if (typeof obj?.type === 'string' && 'coordinates' in (json as object)) {
		return { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: json as Geometry }] };
	}
	throw new CliError(`The ${what} file ${path} is not a GeoJSON FeatureCollection, Feature or geometry.`);
}

export function writeFeatureCollection(path: string, fc: FeatureCollection): void {
	try {
		writeFileSync(path, JSON.stringify(fc));
	} catch (e) {
		throw new CliError(`Cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
	}
}

/** The GeoJSON file an option names, which it must. */
export function readFeatureCollectionOption(values: Record<string, unknown>, name: string): FeatureCollection {
	return readFeatureCollection(stringOption(values, name), name);
}

/** The GeoJSON file an option names, when it is given. */
export function readOptionalFeatureCollectionOption(values: Record<string, unknown>, name: string): FeatureCollection | undefined {
	return values[name] === undefined ? undefined : readFeatureCollectionOption(values, name);
}

/** Writes the features to the file `--out` names, when it is given. */
export function writeFeatureCollectionToOut(values: Record<string, unknown>, fc: FeatureCollection): void {
	if (values.out !== undefined) writeFeatureCollection(stringOption(values, 'out'), fc);
}
