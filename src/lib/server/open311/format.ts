/**
 * Open311 GeoReport v2 wire formats: the format from the resource's extension (.json / .xml),
 * the spec's JSON shapes and their XML twins (fast-xml-parser's XMLBuilder, with the spec's
 * element names), and the spec's error list (`[{ code, description }]` /
 * `<errors><error><code/><description/></error></errors>`).
 */
import { XMLBuilder } from 'fast-xml-parser';

export const FORMATS = ['json', 'xml'] as const;
export type Format = (typeof FORMATS)[number];

/** The content types the discovery document announces, in the same order as {@link FORMATS}. */
export const CONTENT_TYPES: Readonly<Record<Format, string>> = {
	json: 'application/json',
	xml: 'text/xml'
};

/** A refusal in the spec's terms: the HTTP status doubles as the error code. */
export class Open311Error extends Error {
	override readonly name = 'Open311Error';
	constructor(
		readonly status: 400 | 403 | 404,
		readonly description: string
	) {
		super(description);
	}
}

/**
 * The format of a resource name's extension, or null for anything else.
 *
 * @param ext - what follows the last dot of the resource (e.g. 'json')
 * @returns 'json', 'xml' or null
 * @example
 * formatOf('xml'); // 'xml'
 * formatOf('XML'); // null (extensions are lower case, as in the spec)
 */
export function formatOf(ext: string | undefined): Format | null {
	return ext === 'json' || ext === 'xml' ? ext : null;
}

/**
 * The XML element name of one item of a list, by the list's name (the spec's pairs). A list not
 * named here would be ambiguous in XML, so {@link toXml} refuses it.
 */
const ITEM_OF: Readonly<Record<string, string>> = {
	endpoints: 'endpoint',
	formats: 'format',
	attributes: 'attribute',
	values: 'value',
	services: 'service',
	service_requests: 'request',
	errors: 'error'
};

const builder = new XMLBuilder({ format: false, suppressEmptyNode: true, processEntities: true });

/** JSON shape → the object XMLBuilder wants: a list `k: [...]` becomes `k: { item: [...] }`. */
function xmlTree(value: unknown, key: string): unknown {
	if (Array.isArray(value)) {
		const item = ITEM_OF[key];
		if (!item) throw new Error(`open311: no XML item name for the list ${key}`);
		return { [item]: value.map((v) => xmlTree(v, item)) };
	}
	if (value !== null && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, xmlTree(v, k)]));
	}
	// why: null is an empty element (<address_id/>), which is how the spec writes "no value".
	return value === null || value === undefined ? '' : value;
}

/**
 * An XML document for a JSON shape: the root element wraps the value; lists get the spec's item
 * elements (service_requests → request, attributes → attribute, …).
 *
 * @param root - the root element (e.g. 'service_requests', 'discovery')
 * @param value - the JSON shape (an array for list roots, an object otherwise)
 * @returns the document with its UTF-8 declaration
 * @example
 * toXml('errors', [{ code: 404, description: 'service_code not found' }]);
 * // '<?xml version="1.0" encoding="utf-8"?><errors><error><code>404</code>…'
 */
export function toXml(root: string, value: unknown): string {
	const tree = { [root]: xmlTree(value, root) };
	return `<?xml version="1.0" encoding="utf-8"?>${builder.build(tree)}`;
}

/**
 * The HTTP response for a JSON shape in the asked format.
 *
 * @param format - json or xml
 * @param root - the XML root element
 * @param value - the JSON shape
 * @param status - the HTTP status (200 unless said)
 * @returns the response, UTF-8, with the format's content type
 * @example
 * respond('json', 'services', []);
 */
export function respond(format: Format, root: string, value: unknown, status = 200): Response {
	const body = format === 'json' ? JSON.stringify(value) : toXml(root, value);
	return new Response(body, {
		status,
		headers: { 'Content-Type': `${CONTENT_TYPES[format]}; charset=utf-8` }
	});
}

/**
 * The spec's error list as a response: status 400, 403 or 404, code = status.
 *
 * @param format - json or xml
 * @param e - the refusal
 * @returns `[{ code, description }]` or `<errors><error>…</error></errors>`
 * @example
 * errorResponse('xml', new Open311Error(403, 'api_key: missing or invalid'));
 */
export function errorResponse(format: Format, e: Open311Error): Response {
	return respond(format, 'errors', [{ code: e.status, description: e.description }], e.status);
}
