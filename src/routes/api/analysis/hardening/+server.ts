import { json } from '@sveltejs/kit';
import { DEFAULT_RULES } from '$lib/domain/rules';
import { getApp } from '$lib/server/app';
import { api } from '$lib/server/http/handle';
import { zoneHardening } from '$lib/server/services/zone-hardening';

/** Road hardening rate per zone (hardened ÷ known-surface length, roads clipped to each zone) against the target. */
export const GET = api(() => {
	const report = zoneHardening(getApp().features, {
		targetPct: DEFAULT_RULES.hardeningTargetPct,
		alleyTargetPct: DEFAULT_RULES.hardeningTargetAlleyPct
	});
	return json(report, { headers: { 'cache-control': 'no-store' } });
});
