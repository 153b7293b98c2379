/**
 * Reports a new hotspot case. It starts `reported`, stamped with the time of the write and the
 * deadline the rules give; the zone it lies in and that zone's responsible person are found by
 * the caller (a read of the zones, not of the case) and given here.
 */
import type { Point } from 'geojson';
import { dueDateFrom } from '../../hotspot-lifecycle';
import type { EditAction } from '../action';
import type { Properties } from '../feature-state';
import { HOTSPOT_KIND } from './move-case';

export interface CaseZone {
	id: number;
	responsible?: string;
}

export function actionReportCase(point: Point, properties: Properties, zone: CaseZone | null): EditAction {
	return {
		type: 'hotspot.report',
		reads: [],
		disabled: () => null,
		apply(_current, ctx) {
			const reportedAt = ctx.now.toISOString();
			const stamped: Properties = { ...properties, status: 'reported', reportedAt, dueAt: dueDateFrom(reportedAt, ctx.rules) };
			if (zone) {
				stamped.zoneId = String(zone.id);
				if (zone.responsible) stamped.responsible = zone.responsible;
			}
			return [{ op: 'create', kind: HOTSPOT_KIND, geometry: point, properties: stamped }];
		},
		describe: () => ({ comment: 'Hotspot reported', meta: { hotspot: { to: 'reported' } } })
	};
}
