import { json } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { api } from '$lib/server/http/handle';
import { RulesService } from '$lib/server/services/rules/rules';
import { zoneHardening } from '$lib/server/services/planning/zone-hardening';

/**
 * Road hardening rate per zone (hardened ÷ known-surface length, roads clipped to each zone)
 * against the project's targets (the `hardeningTargetPct` rules, 90 % and alleys 100 % by default).
 */
export const GET = api(async () => {
	const { db, features } = getApp();
	const { rules } = new RulesService(db).get();
	const report = await zoneHardening(features, { targetPct: rules.hardeningTargetPct, alleyTargetPct: rules.hardeningTargetAlleyPct });
	return json(report, { headers: { 'cache-control': 'no-store' } });
});
