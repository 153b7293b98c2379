/**
 * `zones`: hotspots aggregated into zones over an optional date range. The output field names
 * (`zones[].id/name/count/perKm2`, `outside`) are relied on by scripts; more fields may follow them.
 * Dates without a time are days of the project's time zone (`--time-zone`, else SANIMAP_TIME_ZONE,
 * else Asia/Shanghai), as in the API; `--now` defaults to the server's clock (SANIMAP_NOW or the machine's).
 */
import type { Command, OptionValues } from '../command';
import { CliError } from '../cli-error';
import { readFeatureCollection } from '../io';
import { HotspotZoneState } from '../../lib/analysis/hotspot-zone-state';
import { printedZoneFigures } from '../../lib/analysis/zone-figures-printed';
import { parseInstant } from '../../lib/domain/time/instants';
import { isTimeZone } from '../../lib/domain/time/time-zone';
import { readTimeSettings, TimeSettingError, type TimeSettings } from '../../lib/server/time-settings';

function instantOption(values: OptionValues, name: string, timeZone: string): number | undefined {
	const raw = values[name];
	if (raw === undefined) return undefined;
	const ms = parseInstant(raw, timeZone);
	if (ms === null) throw new CliError(`--${name} must be an ISO 8601 date or instant (2024-05-01, 2024-05-01T08:00:00+08:00), got "${String(raw)}".`);
	return ms;
}

/** The project's zone and clock from the environment, as the server reads them. */
function timeSettings(): TimeSettings {
	try {
		return readTimeSettings();
	} catch (e) {
		if (e instanceof TimeSettingError) throw new CliError(e.message);
		throw e;
	}
}

export const zonesCommand: Command = {
	name: 'zones',
	summary: 'Count hotspots per zone (per km², per 1,000 residents, open, overdue) over an optional date range',
	usage: 'zones --points F --zones F [--from ISO] [--to ISO] [--date-field reportedAt] [--now ISO] [--time-zone Asia/Shanghai]',
	options: { valued: ['points', 'zones', 'from', 'to', 'date-field', 'now', 'time-zone'] },
	run(values) {
		if (typeof values.points !== 'string') throw new CliError('--points is required.');
		if (typeof values.zones !== 'string') throw new CliError('--zones is required.');
		const settings = timeSettings();
		const timeZone = values['time-zone'] === undefined ? settings.timeZone : String(values['time-zone']);
		if (!isTimeZone(timeZone)) throw new CliError(`--time-zone must be an IANA time zone name such as Asia/Shanghai, got "${timeZone}".`);
		const from = instantOption(values, 'from', timeZone);
		const to = instantOption(values, 'to', timeZone);
		if (from !== undefined && to !== undefined && from >= to) throw new CliError('--from must be before --to (from is inclusive, to exclusive).');
		const dateField = values['date-field'] === undefined ? 'reportedAt' : String(values['date-field']);
		if (dateField === '') throw new CliError('--date-field must name a property.');
		// The command may read the clock; the analysis never does.
		const now = instantOption(values, 'now', timeZone) ?? settings.clock().getTime();

		const zones = readFeatureCollection(values.zones, 'zones');
		// Counted as the server keeps them, each point's dates read once (aggregateHotspotsByZone
		// read the range's date, then every date again per zone): the same figures.
		const state = new HotspotZoneState(zones.features, timeZone, dateField);
		for (const point of readFeatureCollection(values.points, 'points').features) state.append(point);
		const result = state.aggregate(now, { range: { from, to } });
		return { ...printedZoneFigures(result), timeZone };
	}
};
