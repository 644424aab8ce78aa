// Admin switch to plant the discrepancies Reconcile Exports looks for, on the Pleo side. The
// Procountor side (a second journal, an invalidated one, a journal nobody asked for) is planted
// through the Procountor sandbox's own API, the way it happens in real life.
import type { PleoCore } from './core';
import { extOf, fileSize, mimeOf } from './files';
import type { Expense } from './state';
import { PleoApiError, iso, uuidFor } from './util';

export const PLANT_KINDS = [
	'mark_exported',
	'mark_queued',
	'delete',
	'restore',
	'change_amount',
	'change_date',
	'add_receipt',
] as const;
export type PlantKind = (typeof PLANT_KINDS)[number];

export interface PlantRequest {
	kind: PlantKind;
	/** change_amount: minor units added to the first line (wallet and supplier currency). */
	deltaMinors?: number;
	/** change_date: the new expense date (ISO 8601). */
	date?: string;
}

/**
 * Changes one expense behind the export's back:
 * - `mark_exported`: Pleo says EXPORTED without any journal having been posted (missing_in_procountor);
 * - `mark_queued`: back in the export queue (not_exported);
 * - `delete` / `restore`: the expense is deleted in Pleo (deletedAt set; search with includeDeleted);
 * - `change_amount`: the amount is edited after the export (amount_mismatch);
 * - `change_date`: the date is edited after the export (date_mismatch);
 * - `add_receipt`: a receipt is added after the export (receipt_missing).
 */
export function plantDiscrepancy(core: PleoCore, id: string, body: unknown): Expense {
	const e = core.state.expenses.get(id);
	if (!e) throw new PleoApiError(404, 'NOT_FOUND', `expense ${id} not found`);
	const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
	const kind = b.kind as PlantKind;
	if (!PLANT_KINDS.includes(kind)) {
		throw new PleoApiError(
			400,
			'INVALID_REQUEST_BODY',
			`kind must be one of ${PLANT_KINDS.join(', ')}`,
		);
	}
	const now = iso(core.now());
	switch (kind) {
		case 'mark_exported':
			e.exportStatus = 'EXPORTED';
			break;
		case 'mark_queued':
			e.exportStatus = 'QUEUED';
			break;
		case 'delete':
			e.deleted = true;
			e.deletedAt = now;
			break;
		case 'restore':
			e.deleted = false;
			e.deletedAt = null;
			break;
		case 'change_amount': {
			const delta = b.deltaMinors;
			if (typeof delta !== 'number' || !Number.isSafeInteger(delta) || delta === 0)
				throw new PleoApiError(
					400,
					'INVALID_REQUEST_BODY',
					'deltaMinors must be a non-zero integer',
				);
			const line = e.lines[0];
			if (!line) throw new PleoApiError(400, 'INVALID_REQUEST_BODY', 'the expense has no lines');
			line.walletAmount += delta;
			line.supplierAmount += delta;
			break;
		}
		case 'change_date': {
			const date = b.date;
			if (typeof date !== 'string' || Number.isNaN(Date.parse(date)))
				throw new PleoApiError(400, 'INVALID_REQUEST_BODY', 'date must be an ISO 8601 date-time');
			e.date = date;
			break;
		}
		case 'add_receipt': {
			const n = e.fileIds.length + 1;
			const fid = uuidFor(`file:planted:${id}:${n}:${now}`);
			core.state.files.set(fid, {
				id: fid,
				accountingEntryId: id,
				kind: 'pdf',
				mimeType: mimeOf('pdf'),
				name: `receipt-added-${n}.${extOf('pdf')}`,
				size: fileSize('pdf', fid),
				createdAt: now,
			});
			e.fileIds.push(fid);
			break;
		}
	}
	e.updatedAt = now;
	core.event('discrepancy_planted', undefined, { accountingEntryId: id, kind });
	return e;
}
