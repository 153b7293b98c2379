/**
 * A refusal of an import's choices or commit: a ServiceError whose code is one of
 * IMPORT_REQUEST_CODES (so the page has words for it) with the values its message is built from.
 */
import type { IssueParams, RefusalReason } from '../../../issues';
import type { ImportRequestCode } from '../../../import/issue-codes';
import { ServiceError } from '../service-error';

export const refuseImport = (reason: RefusalReason, code: ImportRequestCode, message: string, params: IssueParams = {}, details?: unknown): ServiceError => new ServiceError(reason, code, message, details, params);
