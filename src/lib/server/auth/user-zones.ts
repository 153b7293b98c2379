/**
 * Zones given to users (分片包干, 责任到人): who answers for which zone. Field staff with zones write
 * only inside them (services/edits/zone-guard.ts); planners and admins are never restricted.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db';
import { userZones } from '../db/schema';

export class UserZones {
	constructor(
		private readonly db: Db,
		private readonly clock: () => Date
	) {}

	/** The zone ids given to a user, ascending; empty: none. */
	zonesOf(userId: number): number[] {
		return this.db
			.select({ zoneId: userZones.zoneId })
			.from(userZones)
			.where(eq(userZones.userId, userId))
			.all()
			.map((r) => r.zoneId)
			.sort((a, b) => a - b);
	}

	/** Replaces the zones given to a user. The caller has checked that they are zones. */
	setZones(userId: number, zoneIds: readonly number[], author: string): number[] {
		const now = this.clock().toISOString();
		this.db.$client.transaction(() => {
			this.db.delete(userZones).where(eq(userZones.userId, userId)).run();
			for (const zoneId of new Set(zoneIds)) this.db.insert(userZones).values({ userId, zoneId, createdAt: now, createdBy: author }).run();
		}).immediate();
		return this.zonesOf(userId);
	}

	/** Every user's zones, for the admin page. */
	all(): Map<number, number[]> {
		const map = new Map<number, number[]>();
		for (const r of this.db.select().from(userZones).orderBy(userZones.zoneId).all()) map.set(r.userId, [...(map.get(r.userId) ?? []), r.zoneId]);
		return map;
	}
}
