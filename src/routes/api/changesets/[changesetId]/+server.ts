import { json } from '@sveltejs/kit';
import { getApp } from '$lib/server/app';
import { ApiError } from '$lib/server/http/api-error';
import { api } from '$lib/server/http/handle';

export const GET = api(async ({ params }) => {
	const changeset = await getApp().changesets.get(Number(params.changesetId));
	if (!changeset) throw new ApiError(404, 'changeset.not-found', `Changeset ${params.changesetId} does not exist.`);
	return json(changeset);
});
