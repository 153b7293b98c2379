/**
 * A refused inspection in the user's language, naming the item: the server's codes
 * (`inspection.item.unknown`, `inspection.points.out-of-range`, `inspection.photo.required`,
 * `inspection.target.not-found`, `inspection.template.not-found`, `zone.forbidden`) with the item
 * from `details.item` labelled from the template; any other refusal keeps the server's message.
 */
import type { InspectionItem, LocalText } from '../../domain/api-types';
import type { Locale } from '../../domain/i18n-text';

export const INSPECTION_ERROR_CODES = ['inspection.item.unknown', 'inspection.points.out-of-range', 'inspection.photo.required', 'inspection.target.not-found', 'inspection.template.not-found', 'zone.forbidden'] as const;

export interface Refusal {
	code: string;
	message: string;
	details?: unknown;
}

/** The item a refusal names: its label from the template where known, else its key. */
export function refusedItem(refusal: Refusal, items: readonly InspectionItem[], locale: Locale): string {
	const details = refusal.details as { item?: unknown; itemKey?: unknown } | undefined;
	const key = typeof details?.item === 'string' ? details.item : typeof details?.itemKey === 'string' ? details.itemKey : '';
	const label: LocalText | undefined = items.find((i) => i.key === key)?.label;
	return label ? label[locale] : key;
}

/** The message key and values to show, or null to show the server's own message. */
export function inspectionRefusalText(refusal: Refusal, items: readonly InspectionItem[], locale: Locale): { key: string; values: Record<string, string> } | null {
	if (!(INSPECTION_ERROR_CODES as readonly string[]).includes(refusal.code)) return null;
	return { key: `inspection.errors.${refusal.code}`, values: { item: refusedItem(refusal, items, locale), message: refusal.message } };
}
