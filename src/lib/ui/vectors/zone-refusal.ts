/** A survey or activity refused for its zone (`zone.forbidden`), in the user's language, naming the zone. */
import { get } from 'svelte/store';
import { t } from '../i18n';

export function zoneRefusalText(refusal: unknown): string | null {
	const r = refusal as { code?: unknown; details?: { zoneName?: unknown } } | null | undefined;
	if (r?.code !== 'zone.forbidden') return null;
	const zone = typeof r.details?.zoneName === 'string' ? r.details.zoneName : null;
	return zone ? get(t)('vectors.errors.zoneForbidden', { values: { zone } }) : get(t)('vectors.errors.outsideZones');
}
