/**
 * The 除四害 figures a page shows: per zone the density control level of the latest surveys of
 * the last 90 days (days of the project's time zone), fetched from GET /api/analysis/vectors and
 * refreshed after every record. The map colours zones by this level; the panel and field mode list it.
 */
import { apiCall } from '../api-client';
import { addDays, localDate } from '../../domain/time/instants';
import type { ProjectTime } from '../project-time';
import type { DensityLevel } from '../../domain/vector-levels';
import type { ZoneVectorFigures } from '../../analysis/vector-indices';

export const RECENT_DAYS = 90;

export interface VectorAnswer {
	from: string;
	to: string;
	timeZone: string;
	zones: ZoneVectorFigures[];
}

export class VectorView {
	figures = $state<VectorAnswer | null>(null);
	error = $state<string | null>(null);
	/** Whether the map shows the level choropleth (the tab is open). */
	active = $state(false);

	constructor(private readonly time: ProjectTime) {}

	today(): string {
		return localDate(this.time.now(), this.time.timeZone);
	}

	/** Zone id → level of its latest surveys (zones without one are left out). */
	levels(): Map<number, DensityLevel> {
		const out = new Map<number, DensityLevel>();
		for (const z of this.figures?.zones ?? []) if (z.level) out.set(Number(z.zoneId), z.level);
		return out;
	}

	async refresh(): Promise<void> {
		const today = this.today();
		try {
			this.figures = await apiCall<VectorAnswer>(`/api/analysis/vectors?from=${addDays(today, 1 - RECENT_DAYS)}&to=${addDays(today, 1)}`);
			this.error = null;
		} catch (e) {
			this.error = (e as Error).message;
		}
	}
}
