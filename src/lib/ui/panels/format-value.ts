import type { FieldDef } from '../../domain/kinds';
import type { Locale } from '../../domain/i18n-text';
import { formatDateTime } from '../../domain/time/display';
import { withUnit } from '../i18n/units';

/** A property value as a person reads it, in the given language and the project's time zone. Always plain text. */
export function formatValue(field: FieldDef, value: unknown, locale: Locale, timeZone: string): string {
	if (value === undefined || value === null || value === '') return '—';
	switch (field.type) {
		case 'enum':
			return field.options?.find((o) => o.value === value)?.label[locale] ?? String(value);
		case 'boolean':
			return value ? (locale === 'zh' ? '是' : 'Yes') : locale === 'zh' ? '否' : 'No';
		case 'stringList':
			return Array.isArray(value) ? value.join(', ') : String(value);
		case 'attributes':
			return typeof value === 'object'
				? Object.entries(value as Record<string, unknown>)
						.map(([k, v]) => `${k}: ${String(v)}`)
						.join('; ')
				: String(value);
		case 'integer':
		case 'number':
			return field.unit ? withUnit(Number(value).toLocaleString(locale === 'zh' ? 'zh-CN' : 'en'), field.unit, locale) : Number(value).toLocaleString(locale === 'zh' ? 'zh-CN' : 'en');
		case 'datetime':
			return formatDateTime(String(value), timeZone, locale);
		default:
			return String(value);
	}
}

/** A geometry as a person reads it in a comparison: a point's position, else its type and size. */
export function formatGeometry(value: unknown): string {
	const g = value as GeoJSON.Geometry | null | undefined;
	if (!g || typeof g !== 'object' || !('type' in g)) return '—';
	if (g.type === 'Point') return g.coordinates.map((c) => c.toFixed(6)).join(', ');
	if (g.type === 'LineString') return `${g.type} · ${g.coordinates.length}`;
	return g.type;
}
