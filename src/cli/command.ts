export type OptionValues = Record<string, string | boolean | undefined>;

/** A command's options by name: each takes a value, but the flags, which stand alone. */
export interface CommandOptions {
	valued: readonly string[];
	flags?: readonly string[];
}

/**
 * One CLI command. `run` returns the JSON object printed on stdout; it throws CliError for
 * mistakes the user can fix.
 */
export interface Command {
	name: string;
	summary: string;
	usage: string;
	options: CommandOptions;
	run(values: OptionValues): Promise<unknown> | unknown;
}
