/**
 * The photo pipeline (issue 5 §6, §8) on real files made by sharp here: the type comes from the
 * bytes, SVG and text are refused, a decompression bomb is refused before decoding, and EXIF/GPS
 * metadata never survives.
 */
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { IncidentError } from '../../src/lib/server/incidents/errors';
import {
	PHOTO_LIMITS,
	processPhoto,
	processPhotos,
	sniffPhotoFormat
} from '../../src/lib/server/reporting/photos';

const solid = (width: number, height: number) =>
	sharp({ create: { width, height, channels: 3, background: '#2a7' } });

/** A JPEG carrying camera and GPS tags (IFD3 is the GPS directory in sharp's naming). */
async function jpegWithGps(): Promise<Buffer> {
	return solid(64, 48)
		.jpeg()
		.withExif({
			IFD0: { Make: 'TestCam', Model: 'GPS-1' },
			IFD3: {
				GPSLatitudeRef: 'N',
				GPSLatitude: '36/1 40/1 0/1',
				GPSLongitudeRef: 'E',
				GPSLongitude: '117/1 2/1 0/1'
			}
		})
		.toBuffer();
}

/** A small real PNG whose IHDR is rewritten to claim width × height (CRC fixed up). */
async function pngClaiming(width: number, height: number): Promise<Buffer> {
	const png = Buffer.from(await solid(8, 8).png().toBuffer());
	// signature (8) + length (4) + 'IHDR' (4) → width at 16, height at 20, CRC after 13 data bytes
	png.writeUInt32BE(width, 16);
	png.writeUInt32BE(height, 20);
	png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
	return png;
}

async function refusal(p: Promise<unknown>): Promise<IncidentError> {
	const e = await p.then(
		() => null,
		(err: unknown) => err
	);
	expect(e).toBeInstanceOf(IncidentError);
	return e as IncidentError;
}

describe('sniffPhotoFormat', () => {
	it('knows JPEG, PNG and WebP by their magic numbers, nothing else', async () => {
		expect(sniffPhotoFormat(await solid(4, 4).jpeg().toBuffer())).toBe('jpeg');
		expect(sniffPhotoFormat(await solid(4, 4).png().toBuffer())).toBe('png');
		expect(sniffPhotoFormat(await solid(4, 4).webp().toBuffer())).toBe('webp');
		expect(sniffPhotoFormat(await solid(4, 4).gif().toBuffer())).toBeNull();
		expect(sniffPhotoFormat(Buffer.from('RIFF\0\0\0\0WAVEfmt '))).toBeNull();
		expect(sniffPhotoFormat(new Uint8Array())).toBeNull();
	});
});

describe('processPhoto', () => {
	it('refuses a text file named .jpg with 415', async () => {
		const e = await refusal(processPhoto(Buffer.from('hello, this is not a photo\n'), 'photos[0]'));
		expect(e.status).toBe(415);
		expect(e.message).toMatch(/^photos\[0\]: must be a JPEG, PNG or WebP/);
	});

	it('refuses an SVG (even one sharp could render) with 415', async () => {
		const svg = Buffer.from(
			'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'
		);
		expect((await sharp(svg).metadata()).format).toBe('svg');
		expect((await refusal(processPhoto(svg))).status).toBe(415);
	});

	it('refuses a decompression bomb (huge dimensions in a small PNG) before decoding', async () => {
		const bomb = await pngClaiming(60_000, 60_000);
		expect(bomb.length).toBeLessThan(1000);
		const e = await refusal(processPhoto(bomb));
		expect(e.status).toBe(400);
		expect(e.message).toMatch(/too large in pixels/);
	});

	it('refuses a file over 8 MB with 413 without looking further', async () => {
		const big = Buffer.alloc(PHOTO_LIMITS.maxBytes + 1, 0);
		big.set([0xff, 0xd8, 0xff], 0);
		expect((await refusal(processPhoto(big))).status).toBe(413);
	});

	it('refuses a truncated JPEG with 400', async () => {
		const jpeg = await solid(200, 200).jpeg().toBuffer();
		const e = await refusal(processPhoto(jpeg.subarray(0, 200)));
		expect(e.status).toBe(400);
	});

	it('strips EXIF and GPS from a JPEG and names it itself', async () => {
		const input = await jpegWithGps();
		const before = await sharp(input).metadata();
		expect(before.exif).toBeDefined();
		// the GPS IFD pointer (tag 0x8825, little-endian) is there before processing
		expect(before.exif!.includes(Buffer.from([0x25, 0x88]))).toBe(true);

		const out = await processPhoto(input, 'IMG_0001.jpg');
		expect(out.mime).toBe('image/jpeg');
		expect(out.name).toMatch(/^[0-9a-f]{32}\.jpg$/);
		expect(out.name).not.toContain('IMG');
		const after = await sharp(out.bytes).metadata();
		expect(after.format).toBe('jpeg');
		expect(after.exif).toBeUndefined();
		expect(after.xmp).toBeUndefined();
		expect(out.bytes.includes(Buffer.from('TestCam'))).toBe(false);
		expect([out.width, out.height]).toEqual([64, 48]);
	});

	it('turns a photo upright by its EXIF orientation, then drops the tag', async () => {
		// orientation 6 = rotate 90° clockwise to view: a 60×20 image shows as 20×60
		const input = await solid(60, 20).jpeg().withMetadata({ orientation: 6 }).toBuffer();
		const out = await processPhoto(input);
		expect([out.width, out.height]).toEqual([20, 60]);
		expect((await sharp(out.bytes).metadata()).orientation).toBeUndefined();
	});

	it('shrinks a large photo to the maximum edge and keeps PNG and WebP as they are', async () => {
		const png = await processPhoto(await solid(3000, 1500).png().toBuffer());
		expect(png).toMatchObject({ mime: 'image/png', width: PHOTO_LIMITS.maxEdge, height: 1024 });
		expect(png.name).toMatch(/\.png$/);
		const webp = await processPhoto(await solid(100, 50).webp().toBuffer());
		expect(webp).toMatchObject({ mime: 'image/webp', width: 100, height: 50 });
		expect((await sharp(webp.bytes).metadata()).format).toBe('webp');
	});
});

describe('processPhotos', () => {
	it('takes up to three and refuses a fourth, naming the field', async () => {
		const one = await solid(10, 10).jpeg().toBuffer();
		const three = await processPhotos([one, one, one]);
		expect(new Set(three.map((p) => p.name)).size).toBe(3);
		const e = await refusal(processPhotos([one, one, one, one]));
		expect(e.status).toBe(400);
		expect(e.message).toMatch(/^photos: at most 3/);
	});

	it('names the failing file by its index', async () => {
		const ok = await solid(10, 10).jpeg().toBuffer();
		const e = await refusal(processPhotos([ok, Buffer.from('<svg/>')]));
		expect(e.message).toMatch(/^photos\[1\]:/);
	});
});
