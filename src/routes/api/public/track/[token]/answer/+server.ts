import { getApp } from '$lib/server/app';
import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http/handle';
import { readJsonBody } from '$lib/server/http/read-json-body';
import { reporterOf } from '$lib/server/http/public-reporter';

/** "Is it fixed?": `{ answer: "fixed" | "not-fixed" }` on the verified case, once; "not fixed" reopens it. */
export const POST = api(async (event) => {
	const body = await readJsonBody(event.request, 1024);
	return json(await getApp().publicReports.answer(event.params.token ?? '', body, reporterOf(event)));
});
