import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(import.meta.dirname, 'messages');

function keys(obj: Record<string, unknown>, prefix = ''): string[] {
	return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('UI messages', () => {
	const areas = [...new Set(readdirSync(dir).map((f) => f.replace(/\.(en|zh)\.json$/, '')))];
	it.each(areas)('%s has the same keys in zh and en', (area) => {
		const en = JSON.parse(readFileSync(join(dir, `${area}.en.json`), 'utf8'));
		const zh = JSON.parse(readFileSync(join(dir, `${area}.zh.json`), 'utf8'));
		expect(keys(zh).sort()).toEqual(keys(en).sort());
	});

	it('no two areas define the same top-level key', () => {
		const seen = new Map<string, string>();
		for (const file of readdirSync(dir).filter((f) => f.endsWith('.en.json'))) {
			for (const key of Object.keys(JSON.parse(readFileSync(join(dir, file), 'utf8')))) {
				expect(seen.get(key), `${key} in ${file} and ${seen.get(key)}`).toBeUndefined();
				seen.set(key, file);
			}
		}
	});
});
