import { json } from '@sveltejs/kit';
import { CONFORMANCE } from '$lib/server/http/ogc';

export const GET = () => json({ conformsTo: CONFORMANCE });
