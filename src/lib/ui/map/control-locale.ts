/**
 * The map's own controls (zoom, location, scale bar, attribution) in the page's language, also after
 * a later switch. MapLibre reads its UI strings (the `locale` option) when a control is added and
 * offers no call to change them afterwards; so on each switch the map's string table is replaced
 * and the controls are added anew, the way MapLibre's own locale-switching example and community
 * translation plugins do it (`map._locale`, the table `_getUIString` reads).
 */
import type { IControl, Map as MaplibreMap } from 'maplibre-gl';
import type { Locale } from '../../domain/i18n-text';
import { MAPLIBRE_ZH_LOCALE } from '../i18n/units';

type MapWithLocale = MaplibreMap & { _locale: Record<string, string> };

/**
 * Keeps `makeControls`' controls in `locale`'s words: call the returned function with each new
 * language. The English table is MapLibre's default, read once from the map built without one.
 */
export function localizedControls(map: MaplibreMap, makeControls: () => [IControl, Parameters<MaplibreMap['addControl']>[1]][]): (locale: Locale) => void {
	const m = map as MapWithLocale;
	const english = { ...m._locale };
	let current: IControl[] = [];
	let shown: Locale | null = null;
	return (locale) => {
		if (locale === shown) return;
		shown = locale;
		m._locale = { ...english, ...(locale === 'zh' ? MAPLIBRE_ZH_LOCALE : {}) };
		for (const control of current) m.removeControl(control);
		current = makeControls().map(([control, position]) => {
			m.addControl(control, position);
			return control;
		});
		m.getCanvas().setAttribute('aria-label', m._locale['Map.Title']);
	};
}
