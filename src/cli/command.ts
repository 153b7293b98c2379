import type { ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | undefined>;

/**
 * One CLI command. `run` returns the JSON object printed on stdout; it throws CliError for
 * mistakes the user can fix.
 */
export interface Command {
	name: string;
	summary: string;
	usage: string;
	options: OptionSpec;
	run(values: OptionValues): Promise<unknown> | unknown;
}
