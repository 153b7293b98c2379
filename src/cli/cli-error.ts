/** An error the user caused (bad option, unreadable file): printed as a message, exit code 2. */
export class CliError extends Error {}
