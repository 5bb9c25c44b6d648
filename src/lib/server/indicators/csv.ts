/**
 * CSV export of the leaders' tables: UTF-8 with a byte-order mark so Excel opens Chinese text
 * correctly, CRLF line ends (RFC 4180), fields quoted when needed, and cells that a spreadsheet
 * would run as a formula (=, +, -, @ first) prefixed with a quote (OWASP "CSV injection").
 */

export type CsvValue = string | number | boolean | null | undefined;

function field(v: CsvValue): string {
	if (v === null || v === undefined) return '';
	if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
	let s = String(v);
	if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
	return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * @param header column titles
 * @param rows the rows, one value per column
 * @returns the CSV text, BOM first
 * @example toCsv(['a', 'b'], [[1, '街道']]) // '\uFEFFa,b\r\n1,街道\r\n'
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
	const lines = [header, ...rows].map((r) => r.map(field).join(','));
	return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The HTTP reply for a CSV download. */
export function csvResponse(name: string, body: string): Response {
	return new Response(body, {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="${name}.csv"`,
			'Cache-Control': 'private, no-store'
		}
	});
}
