import { json } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { api } from '$lib/server/http/handle';
import { zoneHardening } from '$lib/server/services/planning/zone-hardening';

/**
 * Road hardening rate per zone (hardened ÷ known-surface length, roads clipped to each zone)
 * against the project's targets (the `hardeningTargetPct` rules, 90 % and alleys 100 % by default).
 */
export const GET = api(async () => {
	const { features, rules: service, clock } = getApp();
	const { rules } = service.get();
	const report = await zoneHardening(features, { targetPct: rules.hardeningTargetPct, alleyTargetPct: rules.hardeningTargetAlleyPct }, clock());
	return json(report, { headers: { 'cache-control': 'no-store' } });
});
