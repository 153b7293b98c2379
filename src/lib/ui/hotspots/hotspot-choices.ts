/** The hotspot's fields a reporter picks from a list, as every report form asks them. */
import { kindDef, type FieldDef } from '$lib/domain/kinds';

export const HOTSPOT_CHOICES = ['category', 'severity'] as const;
export type HotspotChoice = (typeof HOTSPOT_CHOICES)[number];

const HOTSPOT = kindDef('hotspot')!;

export function hotspotChoiceField(key: HotspotChoice): FieldDef {
	return HOTSPOT.fields.find((f) => f.key === key)!;
}

/** What a new report starts with: the most common category, and a middling severity. */
export function newHotspotChoices(): Record<HotspotChoice, string> {
	return { category: 'exposed-rubbish', severity: 'medium' };
}
