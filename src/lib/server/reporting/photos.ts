/**
 * The photo pipeline for reports and field work (issue 5 §6): the type is sniffed from the bytes
 * (JPEG, PNG, WebP only — SVG and everything else refused), size and pixel count are capped
 * before decoding (decompression bombs), the image is turned upright, shrunk to a sane size and
 * re-encoded, which drops every metadata block (EXIF, GPS, XMP, ICC comments). The name is chosen
 * by the server; the client's file name is never used.
 */
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { IncidentError } from '../incidents/errors';

export const PHOTO_LIMITS = Object.freeze({
	/** Bytes per uploaded file. */
	maxBytes: 8 * 1024 * 1024,
	/** Files per report or per transition. */
	maxCount: 3,
	/** Pixels an input may declare (a 48-megapixel phone photo fits; a bomb does not). */
	maxInputPixels: 50_000_000,
	/** Longest edge of the stored image. */
	maxEdge: 2048
});

export type PhotoFormat = 'jpeg' | 'png' | 'webp';

const MIME: Record<PhotoFormat, string> = {
	jpeg: 'image/jpeg',
	png: 'image/png',
	webp: 'image/webp'
};
const EXT: Record<PhotoFormat, string> = { jpeg: 'jpg', png: 'png', webp: 'webp' };

/** A photo ready to store: re-encoded bytes without metadata and a server-chosen name. */
export interface ProcessedPhoto {
	name: string;
	mime: string;
	width: number;
	height: number;
	bytes: Buffer;
}

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) =>
	b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);

/** The image format from the magic number, or null (SVG, text, anything else). */
export function sniffPhotoFormat(bytes: Uint8Array): PhotoFormat | null {
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
	if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
	// RIFF....WEBP
	if (
		startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) &&
		startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)
	) {
		return 'webp';
	}
	return null;
}

/**
 * Checks and re-encodes one uploaded image.
 * @param label how the message names the file (e.g. 'photos[1]')
 * @throws IncidentError 413 (too large), 415 (not JPEG/PNG/WebP), 400 (bomb or unreadable)
 */
export async function processPhoto(bytes: Uint8Array, label = 'photo'): Promise<ProcessedPhoto> {
	if (bytes.length > PHOTO_LIMITS.maxBytes) {
		throw new IncidentError(
			413,
			'photo_too_large',
			`${label}: larger than ${PHOTO_LIMITS.maxBytes / 1024 / 1024} MB`
		);
	}
	const format = sniffPhotoFormat(bytes);
	if (!format) {
		throw new IncidentError(
			415,
			'unsupported_photo',
			`${label}: must be a JPEG, PNG or WebP image`
		);
	}
	const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const opts = { limitInputPixels: PHOTO_LIMITS.maxInputPixels, failOn: 'error' } as const;
	let width: number | undefined;
	let height: number | undefined;
	try {
		// why: the header's dimensions are read without decoding (no pixel limit needed here), so
		// a bomb is refused cheaply and with a clear message; the decode below keeps the limit.
		({ width, height } = await sharp(input, { limitInputPixels: false }).metadata());
	} catch {
		throw new IncidentError(400, 'bad_photo', `${label}: the image cannot be read`);
	}
	if (!width || !height || width * height > PHOTO_LIMITS.maxInputPixels) {
		throw new IncidentError(
			400,
			'bad_photo',
			`${label}: the image is too large in pixels (at most ${PHOTO_LIMITS.maxInputPixels})`
		);
	}
	try {
		// rotate() applies the EXIF orientation; the encoders write no metadata unless asked.
		const pipeline = sharp(input, opts)
			.rotate()
			.resize(PHOTO_LIMITS.maxEdge, PHOTO_LIMITS.maxEdge, {
				fit: 'inside',
				withoutEnlargement: true
			});
		const encoded =
			format === 'jpeg'
				? pipeline.jpeg({ quality: 82, mozjpeg: true })
				: format === 'png'
					? pipeline.png({ compressionLevel: 8 })
					: pipeline.webp({ quality: 80 });
		const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
		return {
			name: `${randomBytes(16).toString('hex')}.${EXT[format]}`,
			mime: MIME[format],
			width: info.width,
			height: info.height,
			bytes: data
		};
	} catch {
		throw new IncidentError(400, 'bad_photo', `${label}: the image is damaged or cannot be read`);
	}
}

/**
 * Checks and re-encodes the photos of one report or one action (at most three), one at a time
 * so a burst of uploads cannot hold several decoded images in memory at once.
 * @throws IncidentError 400 when there are too many
 */
export async function processPhotos(
	files: readonly Uint8Array[],
	field = 'photos'
): Promise<ProcessedPhoto[]> {
	if (files.length > PHOTO_LIMITS.maxCount) {
		throw new IncidentError(400, 'invalid', `${field}: at most ${PHOTO_LIMITS.maxCount} photos`);
	}
	const out: ProcessedPhoto[] = [];
	for (const [i, f] of files.entries()) out.push(await processPhoto(f, `${field}[${i}]`));
	return out;
}
