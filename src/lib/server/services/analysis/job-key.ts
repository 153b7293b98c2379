import { ServiceError } from '../service-error';

/** The header under which a client names a computation it may want to cancel. */
export const JOB_KEY_HEADER = 'x-sanimap-job';

const KEY = /^[A-Za-z0-9_-]{16,64}$/;

/** A job key as the client sent it: 16 to 64 letters, digits, `-` or `_` (a UUID fits). */
export function parseJobKey(value: string | null | undefined): string {
	if (typeof value !== 'string' || !KEY.test(value)) throw new ServiceError('invalid', 'analysis.job.bad-key', `A job key is 16 to 64 letters, digits, "-" or "_" (a UUID fits); got ${JSON.stringify(String(value ?? '').slice(0, 80))}.`);
	return value;
}

/** The key of the request's `x-sanimap-job` header, or undefined when it has none. */
export const jobKeyOf = (request: Request): string | undefined => {
	const value = request.headers.get(JOB_KEY_HEADER);
	return value === null ? undefined : parseJobKey(value);
};
