import { ApiError, errorResponse } from '$lib/server/http/api-error';

/** Unknown API paths answer in the API's error format, not with an HTML page. */
const notFound = ({ url }: { url: URL }) => errorResponse(new ApiError(404, 'not-found', `There is no API endpoint ${url.pathname}.`));

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
