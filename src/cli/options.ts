import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Command, OptionValues } from './command';
import { CliError } from './cli-error';

/** The command line after the command's name, as the command's options; a mistake is answered with its usage. */
export function parseOptions(command: Command, args: string[]): OptionValues {
	const spec: NonNullable<ParseArgsConfig['options']> = {};
	for (const name of command.options.valued) spec[name] = { type: 'string' };
	for (const name of command.options.flags ?? []) spec[name] = { type: 'boolean' };
	try {
		return parseArgs({ args, options: spec, strict: true, allowPositionals: false }).values as OptionValues;
	} catch (e) {
		throw new CliError(`${(e as Error).message}\nUsage: ${command.usage}`);
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

/** A distance or similar that may be zero. */
export function nonNegativeNumberOption(values: Record<string, unknown>, name: string, fallback?: number): number {
	const n = numberOption(values, name, fallback);
	if (n < 0) throw new CliError(`--${name} must not be negative.`);
	return n;
}

/** A spacing or time limit, where zero would mean nothing can be done. */
export function positiveNumberOption(values: Record<string, unknown>, name: string, fallback?: number): number {
	const n = numberOption(values, name, fallback);
	if (n <= 0) throw new CliError(`--${name} must be positive.`);
	return n;
}

export function stringOption(values: Record<string, unknown>, name: string): string {
	const raw = values[name];
	if (typeof raw !== 'string' || raw === '') throw new CliError(`--${name} is required.`);
	return raw;
}
