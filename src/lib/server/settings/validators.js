// Plain JavaScript so that scripts/start.js checks the settings before it builds or imports the
// server; the server checks them again with the same code (server-settings.js).
/**
 * Small checks of one setting's text, one job each. A check answers the value the app uses, or
 * what it accepts (said in the message that stops the start): `a whole number from 1 to 65535`.
 * Values arrive trimmed and non-empty; an empty setting means its default.
 */

/**
 * @template T
 * @typedef {{ ok: true; value: T } | { ok: false; accepts: string; reason?: string }} Checked
 * `reason`: said instead of "it must be <accepts>" when the value is refused for another cause.
 */
/**
 * @template T
 * @typedef {(raw: string) => Checked<T>} Validator
 */

/** @template T @param {T} value @returns {Checked<T>} */
const ok = (value) => ({ ok: true, value });
/** @param {string} accepts @returns {{ ok: false; accepts: string }} */
const refuse = (accepts) => ({ ok: false, accepts });

/**
 * A whole number within [min, max] (max omitted: no upper bound), written as digits.
 * @param {number} min @param {number} [max] @param {string} [unit]
 * @returns {Validator<number>}
 */
export function wholeNumber(min, max, unit = '') {
	const range = max === undefined ? `${min} or more` : `from ${min} to ${max}`;
	const accepts = `a whole number${unit ? ` of ${unit}` : ''}, ${range}`;
	return (raw) => {
		if (!/^[+]?\d+$/.test(raw)) return refuse(accepts);
		const n = Number(raw);
		return Number.isSafeInteger(n) && n >= min && (max === undefined || n <= max) ? ok(n) : refuse(accepts);
	};
}

/**
 * One of a few words, compared without regard to case; answers the word as listed.
 * @template {string} W
 * @param {readonly W[]} words
 * @returns {Validator<W>}
 */
export function oneOf(words) {
	const accepts = `one of ${words.join(', ')}`;
	return (raw) => {
		const found = words.find((w) => w.toLowerCase() === raw.toLowerCase());
		return found === undefined ? refuse(accepts) : ok(found);
	};
}

/** `true` or `false`, in any case. @type {Validator<boolean>} */
export const trueOrFalse = (raw) => {
	const word = oneOf(['true', 'false'])(raw);
	return word.ok ? ok(word.value === 'true') : refuse(word.accepts);
};

/** An http: or https: address with nothing after the host and port: `https://map.example.org`. @type {Validator<string>} */
export const httpOrigin = (raw) => {
	const accepts = 'an http:// or https:// address with no path, such as https://map.example.org or http://192.168.1.20:3000';
	let url;
	try {
		url = new URL(raw);
	} catch {
		return refuse(accepts);
	}
	if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== raw.replace(/\/$/, '') || url.username || url.password) return refuse(accepts);
	return ok(url.origin);
};

/** An http(s) XYZ tile address template with {z}, {x} and {y}. @type {Validator<string>} */
export const tileUrlTemplate = (raw) => {
	const accepts = 'an http:// or https:// tile address with {z}, {x} and {y}, such as https://tile.example.org/{z}/{x}/{y}.png';
	if (!['{z}', '{x}', '{y}'].every((p) => raw.includes(p))) return refuse(accepts);
	try {
		const url = new URL(raw.replace(/\{[zxy]\}/g, '0'));
		return url.protocol === 'http:' || url.protocol === 'https:' ? ok(raw) : refuse(accepts);
	} catch {
		return refuse(accepts);
	}
};

/** A host name or IP address to listen on (no scheme, port or path). @type {Validator<string>} */
export const hostName = (raw) => {
	const accepts = 'a host name or IP address, such as 127.0.0.1, 0.0.0.0, :: or sanimap.local';
	const ipv6 = /^[0-9a-f:.]+$/i.test(raw) && raw.includes(':');
	const name = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(raw);
	return ipv6 || name ? ok(raw) : refuse(accepts);
};

/** Any text of at most `maxLength` characters. @param {number} maxLength @returns {Validator<string>} */
export function text(maxLength) {
	return (raw) => (raw.length <= maxLength ? ok(raw) : refuse(`a text of at most ${maxLength} characters`));
}

/**
 * A folder: a path that is a folder or does not exist yet (it is made when needed), never a file.
 * @param {(path: string) => 'folder' | 'file' | 'none'} kindOf
 * @returns {Validator<string>}
 */
export function folderPath(kindOf) {
	return (raw) => (kindOf(raw) === 'file' ? refuse('a folder (this path is a file)') : ok(raw));
}

/** An IANA time zone name the runtime knows: `Asia/Shanghai`, `Europe/Berlin`, `UTC`. @type {Validator<string>} */
export const ianaTimeZone = (raw) => {
	try {
		// Intl refuses an unknown zone with a RangeError; the name it answers is the canonical one.
		return ok(new Intl.DateTimeFormat('en-US', { timeZone: raw }).resolvedOptions().timeZone);
	} catch {
		return refuse('an IANA time zone name such as Asia/Shanghai or Europe/Berlin');
	}
};

// An instant, not a date: "now" needs a time of day and an offset to be one moment everywhere.
const INSTANT_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO 8601 instant with an offset, `2026-11-28T09:00:00+08:00`; answers it in ms since the epoch. @type {Validator<number>} */
export const instantWithOffset = (raw) => {
	const accepts = 'an ISO 8601 instant with an offset, such as 2026-11-28T09:00:00+08:00';
	if (!INSTANT_WITH_OFFSET.test(raw)) return refuse(accepts);
	// Date.parse rolls 30 February over into March: check the day exists first.
	const [y, m, d] = raw.slice(0, 10).split('-').map(Number);
	if (m < 1 || m > 12 || d < 1 || d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return refuse(accepts);
	const ms = Date.parse(raw);
	return Number.isFinite(ms) ? ok(ms) : refuse(accepts);
};
