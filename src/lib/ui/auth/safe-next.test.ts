import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next';

const APP = 'http://127.0.0.1:3000';

describe('safeNext', () => {
	it('keeps a path of this site with its query and fragment', () => {
		expect(safeNext('/report?from=2026-10-01&to=2026-11-01#maps', APP)).toBe('/report?from=2026-10-01&to=2026-11-01#maps');
		expect(safeNext('/field', APP)).toBe('/field');
	});

	it('refuses every target that a browser would read as another host', () => {
		for (const raw of ['//evil.example', '/\\evil.example', '/\t/evil.example', '/\n/evil.example', '/\r\n/evil.example', '/\t\\evil.example', 'https://evil.example/', 'evil.example']) {
			const next = safeNext(raw, APP);
			expect(new URL(next, APP).origin, JSON.stringify(raw)).toBe(APP);
			expect(next, JSON.stringify(raw)).toBe('/');
		}
	});

	it('gives the map for control characters, non-Latin-1 text and the sign-in pages', () => {
		for (const raw of ['/a\r\nSet-Cookie: x=1', '/报告', '/\u2028x', '/login', '/login?next=/x', '/logout', '', null, undefined]) expect(safeNext(raw, APP), JSON.stringify(raw)).toBe('/');
	});

	it('keeps a percent-encoded path as it is (it is already safe in a header)', () => {
		expect(safeNext('/%E6%8A%A5%E5%91%8A', APP)).toBe('/%E6%8A%A5%E5%91%8A');
		expect(safeNext('/%2F%2Fevil.example', APP)).toBe('/%2F%2Fevil.example');
	});
});
