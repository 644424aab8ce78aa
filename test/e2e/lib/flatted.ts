// n8n stores execution data in the "flatted" format (a JSON array in which every object and
// string is referenced by its index, written as a string). This decodes it; own implementation.

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function parseFlatted<T = unknown>(text: string): T {
	const table = JSON.parse(text) as Json[];
	if (!Array.isArray(table) || table.length === 0) return table as unknown as T;
	const built = new Map<number, unknown>();

	const resolve = (index: number): unknown => {
		const raw = table[index];
		if (raw === null || typeof raw !== 'object') return raw;
		const done = built.get(index);
		if (done !== undefined) return done;
		if (Array.isArray(raw)) {
			const out: unknown[] = [];
			built.set(index, out);
			for (const v of raw) out.push(typeof v === 'string' ? resolve(Number(v)) : v);
			return out;
		}
		const out: Record<string, unknown> = {};
		built.set(index, out);
		for (const [k, v] of Object.entries(raw)) {
			out[k] = typeof v === 'string' ? resolve(Number(v)) : v;
		}
		return out;
	};

	return resolve(0) as T;
}
