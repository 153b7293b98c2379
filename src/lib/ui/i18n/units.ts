/**
 * Units as a reader of each language writes them: 米, 平方米, 公里 in Chinese text (GB/T 15835
 * practice in prose), the SI symbols in English. Kinds name their fields' units by SI symbol.
 */
import type { Locale, LocalizedText } from '../../domain/i18n-text';

const UNITS: Record<string, LocalizedText> = {
	m: { zh: '米', en: 'm' },
	'm²': { zh: '平方米', en: 'm²' },
	km: { zh: '公里', en: 'km' },
	'km²': { zh: '平方公里', en: 'km²' },
	kg: { zh: '千克', en: 'kg' },
	t: { zh: '吨', en: 't' },
	L: { zh: '升', en: 'L' },
	days: { zh: '天', en: 'days' }
};

/** The unit's name in `locale`; a unit not listed is written as given. */
export const unitLabel = (unit: string, locale: Locale): string => UNITS[unit]?.[locale] ?? unit;

/** A number already formatted, with its unit: "120 米", "120 m". */
export const withUnit = (number: string, unit: string, locale: Locale): string => `${number} ${unitLabel(unit, locale)}`;

/** A field label with its unit: "宽度（米）" with full-width brackets in Chinese, "Width (m)" in English. */
export const labelWithUnit = (label: string, unit: string | undefined, locale: Locale): string =>
	unit ? (locale === 'zh' ? `${label}（${unitLabel(unit, locale)}）` : `${label} (${unit})`) : label;

/** MapLibre's own control texts in Chinese (the scale bar's 米 and 公里 among them). */
export const MAPLIBRE_ZH_LOCALE: Record<string, string> = {
	'ScaleControl.Meters': '米',
	'ScaleControl.Kilometers': '公里',
	'NavigationControl.ZoomIn': '放大',
	'NavigationControl.ZoomOut': '缩小',
	'NavigationControl.ResetBearing': '重置方向',
	'GeolocateControl.FindMyLocation': '定位我的位置',
	'GeolocateControl.LocationNotAvailable': '无法获取位置',
	'FullscreenControl.Enter': '全屏',
	'FullscreenControl.Exit': '退出全屏',
	'AttributionControl.ToggleAttribution': '显示或隐藏数据来源',
	'Map.Title': '地图'
};
