import { describe, expect, it } from 'vitest';
import { folderPath, hostName, httpOrigin, oneOf, text, tileUrlTemplate, trueOrFalse, wholeNumber } from './validators';

const accepted = <T>(check: (raw: string) => { ok: boolean; value?: T }, raw: string) => {
	const out = check(raw);
	return out.ok ? (out as { value: T }).value : undefined;
};

describe('setting validators', () => {
	it('wholeNumber: digits within the range, saying the range and unit otherwise', () => {
		const cache = wholeNumber(1, 1000, 'MB');
		expect(accepted(cache, '128')).toBe(128);
		expect(accepted(cache, '+5')).toBe(5);
		for (const bad of ['0', '1001', '12.5', '1e3', 'lots', '-1', '0x10', '128MB', ' ']) expect(cache(bad), bad).toEqual({ ok: false, accepts: 'a whole number of MB, from 1 to 1000' });
		expect(wholeNumber(0)('3')).toEqual({ ok: true, value: 3 });
		expect(wholeNumber(0)('-3')).toEqual({ ok: false, accepts: 'a whole number, 0 or more' });
		expect(wholeNumber(1)('99999999999999999999').ok).toBe(false);
	});

	it('oneOf: any case, answered as listed', () => {
		const mode = oneOf(['NORMAL', 'FULL']);
		expect(accepted(mode, 'full')).toBe('FULL');
		expect(mode('sometimes')).toEqual({ ok: false, accepts: 'one of NORMAL, FULL' });
	});

	it('trueOrFalse: the two words only', () => {
		expect(accepted(trueOrFalse, 'FALSE')).toBe(false);
		expect(accepted(trueOrFalse, 'true')).toBe(true);
		expect(trueOrFalse('yes').ok).toBe(false);
		expect(trueOrFalse('0').ok).toBe(false);
	});

	it('httpOrigin: scheme, host and port, nothing more', () => {
		expect(accepted(httpOrigin, 'https://map.example.org')).toBe('https://map.example.org');
		expect(accepted(httpOrigin, 'http://192.168.1.20:3000/')).toBe('http://192.168.1.20:3000');
		for (const bad of ['localhost:3000', 'map.example.org', 'ftp://x.org', 'https://x.org/app', 'https://x.org?a=1', 'https://u:p@x.org', 'http://']) expect(httpOrigin(bad).ok, bad).toBe(false);
	});

	it('tileUrlTemplate: http(s) with {z}, {x} and {y}', () => {
		expect(tileUrlTemplate('https://tile.openstreetmap.org/{z}/{x}/{y}.png').ok).toBe(true);
		expect(tileUrlTemplate('https://t{s}.example.org/{z}/{x}/{y}.png?key=1').ok).toBe(true);
		expect(tileUrlTemplate('https://tile.example.org/{z}/{x}.png').ok).toBe(false);
		expect(tileUrlTemplate('file:///{z}/{x}/{y}.png').ok).toBe(false);
		expect(tileUrlTemplate('tiles/{z}/{x}/{y}').ok).toBe(false);
	});

	it('hostName: names and addresses, no scheme, port or path', () => {
		for (const good of ['127.0.0.1', '0.0.0.0', '::', '::1', 'fe80::1', 'localhost', 'sanimap.local', 'map-1.example.org']) expect(hostName(good).ok, good).toBe(true);
		for (const bad of ['http://localhost', 'localhost:3000', 'a b', 'host/path', '-bad.org']) expect(hostName(bad).ok, bad).toBe(false);
	});

	it('text and folderPath', () => {
		expect(text(3)('abc')).toEqual({ ok: true, value: 'abc' });
		expect(text(3)('abcd')).toEqual({ ok: false, accepts: 'a text of at most 3 characters' });
		const kinds: Record<string, 'folder' | 'file' | 'none'> = { '/srv/photos': 'folder', '/srv/photo.jpg': 'file', '/srv/new': 'none' };
		const folder = folderPath((p) => kinds[p]);
		expect(folder('/srv/photos').ok).toBe(true);
		expect(folder('/srv/new').ok).toBe(true);
		expect(folder('/srv/photo.jpg')).toEqual({ ok: false, accepts: 'a folder (this path is a file)' });
	});
});
