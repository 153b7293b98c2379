import { getApp } from '$lib/server/app';
import { api } from '$lib/server/http/handle';
import { analysisJson } from '$lib/server/services/analysis/analysis-response';

/**
 * Road hardening rate per zone (hardened ÷ known-surface length, roads clipped to each zone)
 * against the project's targets (the `hardeningTargetPct` rules, 90 % and alleys 100 % by default).
 */
export const GET = api(async ({ getClientAddress }) => {
	const app = getApp();
	return analysisJson(await app.analysis.run(getClientAddress(), { op: 'hardening', now: app.clock().getTime() }));
});
