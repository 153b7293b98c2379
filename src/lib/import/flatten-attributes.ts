/**
 * Source attributes as flat values: nested objects and arrays become JSON text. A value nested too
 * deeply to print (a hostile file) becomes a marker instead of overflowing the stack.
 */
export function flattenAttributes(props: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(props)) {
		if (value === null || typeof value !== 'object') {
			out[key] = value;
			continue;
		}
		try {
			out[key] = JSON.stringify(value).slice(0, 4000);
		} catch {
			out[key] = '[nested too deeply]';
		}
	}
	return out;
}
