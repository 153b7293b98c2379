import { describe, expect, it } from 'vitest';
import { labelWithUnit, unitLabel, withUnit } from './units';

describe('units in the reader’s language', () => {
	it('writes 米 and 平方米 in Chinese, the SI symbols in English', () => {
		expect(withUnit('120', 'm', 'zh')).toBe('120 米');
		expect(withUnit('120', 'm', 'en')).toBe('120 m');
		expect(withUnit('3.5', 'm²', 'zh')).toBe('3.5 平方米');
		expect(unitLabel('furlong', 'zh')).toBe('furlong');
	});

	it('brackets a field’s unit full-width in Chinese', () => {
		expect(labelWithUnit('宽度', 'm', 'zh')).toBe('宽度（米）');
		expect(labelWithUnit('Width', 'm', 'en')).toBe('Width (m)');
		expect(labelWithUnit('名称', undefined, 'zh')).toBe('名称');
	});
});
