// The Time Zone option of the operations that turn expense dates into receipt dates.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export const DEFAULT_TIME_ZONE = 'Europe/Helsinki';

/** The "Time Zone" option (an IANA name, default Europe/Helsinki). */
export function timeZoneOption(description: string): INodeProperties {
	return {
		displayName: 'Time Zone',
		name: 'timeZone',
		type: 'string',
		default: DEFAULT_TIME_ZONE,
		description,
	};
}

/** The time zone an "Options" collection names, trimmed; Europe/Helsinki when it names none. */
export function timeZoneOf(options: IDataObject): string {
	const tz = typeof options.timeZone === 'string' ? options.timeZone.trim() : '';
	return tz || DEFAULT_TIME_ZONE;
}

export function isValidTimeZone(tz: string): boolean {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: tz });
		return true;
	} catch {
		return false;
	}
}

/** timeZoneOf, refusing a name that is not an IANA time zone with an error for the item. */
export function parseTimeZone(
	this: IExecuteFunctions,
	options: IDataObject,
	itemIndex: number,
): string {
	const tz = timeZoneOf(options);
	if (!isValidTimeZone(tz)) {
		throw new NodeOperationError(
			this.getNode(),
			`The time zone '${tz.slice(0, 60)}' is not a valid IANA time zone.`,
			{ itemIndex, description: 'Use the export’s Time Zone, e.g. Europe/Helsinki.' },
		);
	}
	return tz;
}
