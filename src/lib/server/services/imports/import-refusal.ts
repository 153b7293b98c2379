/**
 * A refusal of an import's choices or commit: a 4xx ApiError whose code is one of
 * IMPORT_REQUEST_CODES (so the page has words for it) with the values its message is built from.
 */
import type { IssueParams } from '../../../issues';
import type { ImportRequestCode } from '../../../import/issue-codes';
import { ApiError } from '../../http/api-error';

export const refuseImport = (status: number, code: ImportRequestCode, message: string, params: IssueParams = {}, details?: unknown): ApiError => new ApiError(status, code, message, details, params);
