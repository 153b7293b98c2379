/**
 * Zones given to users (分片包干, 责任到人): who answers for which zone. Field staff with zones write
 * only inside them (services/edits/zone-guard.ts); planners and admins are never restricted.
 */
import type { UserZoneRecords } from '../store/accounts';

export class UserZones {
	constructor(
		private readonly records: UserZoneRecords,
		private readonly clock: () => Date
	) {}

	/** The zone ids given to a user, ascending; empty: none. */
	zonesOf(userId: number): Promise<number[]> {
		return this.records.zonesOf(userId);
	}

	/** Replaces the zones given to a user. The caller has checked that they are zones. */
	setZones(userId: number, zoneIds: readonly number[], author: string): Promise<number[]> {
		return this.records.replace(userId, zoneIds, this.clock().toISOString(), author);
	}

	/** Every user's zones, for the admin page. */
	async all(): Promise<Map<number, number[]>> {
		return new Map((await this.records.all()).map(({ userId, zoneIds }) => [userId, zoneIds]));
	}
}
