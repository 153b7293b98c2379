import { readFileSync, writeFileSync } from 'node:fs';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { CliError } from './cli-error';

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

/** A required numeric option, checked. */
export function numberOption(values: Record<string, unknown>, name: string, fallback?: number): number {
	const raw = values[name];
	if (raw === undefined) {
		if (fallback !== undefined) return fallback;
		throw new CliError(`--${name} is required.`);
	}
	const n = Number(raw);
	if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(n)) throw new CliError(`--${name} must be a number, got "${String(raw)}".`);
	return n;
}

export function stringOption(values: Record<string, unknown>, name: string): string {
	const raw = values[name];
	if (typeof raw !== 'string' || raw === '') throw new CliError(`--${name} is required.`);
	return raw;
}
