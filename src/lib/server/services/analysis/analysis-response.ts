/** A JSON answer of an analysis worker, sent as the text it made. */
import type { AnalysisResult } from './analysis-worker-protocol';

export function analysisJson(result: AnalysisResult): Response {
	return new Response(result.text, { headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
}
