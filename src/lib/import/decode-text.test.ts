import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { decodeText } from './decode-text';

const utf8 = (s: string) => new TextEncoder().encode(s);
const gbk = (s: string) => new Uint8Array(iconv.encode(s, 'gbk'));

describe('decodeText', () => {
	it('reads UTF-8 and drops a byte-order mark', () => {
		const out = decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('名称,经度\n北门,116.3')]));
		expect(out).toEqual({ ok: true, text: '名称,经度\n北门,116.3', encoding: 'UTF-8' });
	});

	it('reads a GBK spreadsheet export as Chinese text', () => {
		const out = decodeText(gbk('名称,经度,纬度\n北门垃圾桶,116.35,40.00\n南门果皮箱,116.36,40.01\n'));
		expect(out.ok).toBe(true);
		if (out.ok) {
			expect(out.text).toContain('北门垃圾桶');
			expect(out.encoding).not.toBe('UTF-8');
		}
	});

	it('refuses a file mixing UTF-8 and GBK lines, naming the lines', () => {
		const bytes = new Uint8Array([...utf8('名称,经度,纬度\n北门,116.35,40\n'), ...gbk('南门,116.36,40.01\n')]);
		const out = decodeText(bytes);
		expect(out.ok).toBe(false);
		if (!out.ok) {
			expect(out.problem.code).toBe('import.encoding.mixed');
			expect(out.problem.details).toEqual({ utf8Lines: [1, 2], otherLines: [3] });
			expect(out.problem.message).toMatch(/one encoding/);
		}
	});
});
