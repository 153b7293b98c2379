/** Which layer and feature an edit request is about, where the request itself does not name the layer. */
import type { EditRequest } from '../../domain/api-types';
import { BIN_KIND } from '../../domain/edits/actions/accept-sites';
import { HOTSPOT_KIND } from '../../domain/edits/actions/move-case';
import { ROAD_KIND } from '../../domain/edits/actions/split-road';
import { kindDef } from '../../domain/kinds';

const collectionOfKind = (kind: string) => kindDef(kind)!.collection;

export function collectionOfEdit(edit: EditRequest): string {
	switch (edit.type) {
		case 'create':
		case 'patch':
		case 'delete':
			return edit.collection;
		case 'split':
			return collectionOfKind(ROAD_KIND);
		case 'move-case':
		case 'report-case':
		case 'record-inspection':
			// An inspection's map features are the cases its findings open.
			return collectionOfKind(HOTSPOT_KIND);
		case 'accept-sites':
			return collectionOfKind(BIN_KIND);
		case 'vector-survey':
			return collectionOfKind('vectorSurvey');
		case 'vector-activity':
			return collectionOfKind('vectorActivity');
	}
}

/** The stored feature an edit changes; undefined for edits that only create. */
export const targetOf = (edit: EditRequest): number | undefined => ('id' in edit ? edit.id : undefined);
