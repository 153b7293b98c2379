/**
 * Which zones are due for their inspection (周督查, 月检查, 季评比): one inspection per period of the
 * template's cadence, cut in the project's time zone. Inspected in the current period: ok until
 * the end of the next one. Not yet this period but in the previous one: due by the end of this
 * one. Not in the previous period either: overdue since the end of the previous period.
 */
import type { DueState, InspectionCadence } from '../api-types';
import { periodContaining, type PeriodUnit } from '../time/periods';

export const CADENCE_UNIT: Readonly<Record<InspectionCadence, PeriodUnit>> = { weekly: 'week', monthly: 'month', quarterly: 'quarter' };

export function dueState(cadence: InspectionCadence, lastInspectedAt: number | null, at: number, timeZone: string): { state: DueState; dueBy: number } {
	const unit = CADENCE_UNIT[cadence];
	const current = periodContaining(at, unit, timeZone);
	const previous = periodContaining(at, unit, timeZone, -1);
	if (lastInspectedAt !== null && lastInspectedAt >= current.from) return { state: 'ok', dueBy: periodContaining(at, unit, timeZone, 1).to };
	if (lastInspectedAt !== null && lastInspectedAt >= previous.from) return { state: 'due', dueBy: current.to };
	return { state: 'overdue', dueBy: previous.to };
}
