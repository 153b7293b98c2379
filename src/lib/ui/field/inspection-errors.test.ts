import { describe, expect, it } from 'vitest';
import type { InspectionItem } from '../../domain/api-types';
import { inspectionRefusalText } from './inspection-errors';

const items: InspectionItem[] = [{ key: 'drains-clear', label: { zh: '沟渠畅通', en: 'Drains and ditches clear' }, maxPoints: 10, photoRequired: true }];

describe('a refused inspection in the user language', () => {
	it('names the item the server names, by its label', () => {
		const refusal = { code: 'inspection.photo.required', message: 'Item "drains-clear" scored below full points…', details: { item: 'drains-clear' } };
		expect(inspectionRefusalText(refusal, items, 'zh')).toEqual({ key: 'inspection.errors.inspection.photo.required', values: { item: '沟渠畅通', message: refusal.message } });
		expect(inspectionRefusalText(refusal, items, 'en')?.values.item).toBe('Drains and ditches clear');
	});

	it('keeps the key of an item the checklist no longer has, and leaves other refusals to the server message', () => {
		expect(inspectionRefusalText({ code: 'inspection.item.unknown', message: 'x', details: { item: 'old-item' } }, items, 'en')?.values.item).toBe('old-item');
		expect(inspectionRefusalText({ code: 'feature.invalid', message: 'x' }, items, 'en')).toBeNull();
	});
});
