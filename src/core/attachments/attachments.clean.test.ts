import exifr from 'exifr';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { cleanAttachment, cleanOrExplain, CLEANING, kindOf, safeFileName, UnreadableImageError } from './attachments.clean.js';

async function gpsPhoto(format: 'jpeg' | 'png' | 'webp'): Promise<Buffer> {
  const base = sharp({ create: { width: 40, height: 30, channels: 3, background: '#36c' } });
  return base[format]()
    .withExif({ IFD0: { Model: 'HiddenModel' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' } })
    .toBuffer();
}

describe('cleaning files before they are encrypted', () => {
  for (const format of ['jpeg', 'png', 'webp'] as const) {
    it(`re-encodes a ${format} photo with no EXIF or GPS`, async () => {
      const photo = await gpsPhoto(format);
      expect((await sharp(photo).metadata()).exif).toBeDefined();
      expect(photo.includes(Buffer.from('HiddenModel'))).toBe(true);
      const clean = await cleanAttachment(photo, `holiday.${format}`);
      expect(clean.cleaning).toBe(CLEANING.cleaned);
      const meta = await sharp(clean.bytes).metadata();
      expect([meta.format, meta.exif, meta.xmp, meta.icc, meta.iptc]).toEqual([format, undefined, undefined, undefined, undefined]);
      expect(clean.bytes.includes(Buffer.from('HiddenModel'))).toBe(false);
      if (format !== 'webp') expect(await exifr.gps(clean.bytes)).toBeUndefined();
    });
  }

  it('recognises a file by its bytes, not its name: HTML called .jpg is kept as bytes and marked as not cleaned', async () => {
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    expect(kindOf(html, 'cat.jpg')).toBe('other');
    const out = await cleanAttachment(html, 'cat.jpg');
    expect(out).toMatchObject({ type: 'application/octet-stream', cleaning: CLEANING.notCleaned });
    expect(out.bytes.equals(html)).toBe(true);
    // And a JPEG called .txt is still cleaned as a photo.
    expect((await cleanAttachment(await gpsPhoto('jpeg'), 'notes.txt')).cleaning).toBe(CLEANING.cleaned);
  });

  it('a damaged photo is refused with its name, so the reporter can leave it out', async () => {
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100, 0x41)]);
    await expect(cleanOrExplain(broken, 'broken.jpg')).rejects.toBeInstanceOf(UnreadableImageError);
  });

  it('empties the document properties of an office file and re-encodes the photos inside it', async () => {
    const docx = Buffer.from(
      zipSync({
        '[Content_Types].xml': strToU8('<Types/>'),
        'docProps/core.xml': strToU8('<cp:coreProperties><dc:creator>Ana Secret</dc:creator></cp:coreProperties>'),
        'docProps/custom.xml': strToU8('<Properties><property name="Client">Ana Secret</property></Properties>'),
        'word/document.xml': strToU8('<w:document>text</w:document>'),
        'word/media/image1.jpeg': new Uint8Array(await gpsPhoto('jpeg')),
      }),
    );
    const out = await cleanAttachment(docx, 'statement.docx');
    expect(out.cleaning).toBe(CLEANING.document);
    const files = unzipSync(new Uint8Array(out.bytes));
    expect(strFromU8(files['docProps/core.xml']!)).not.toContain('Ana');
    expect(strFromU8(files['docProps/custom.xml']!)).not.toContain('Ana');
    expect(strFromU8(files['word/document.xml']!)).toBe('<w:document>text</w:document>');
    expect(await exifr.gps(Buffer.from(files['word/media/image1.jpeg']!))).toBeUndefined();
  });

  it('a zip bomb in an office file is not unpacked: kept as sent and marked as not cleaned', async () => {
    const bomb = Buffer.from(zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/big.xml': new Uint8Array(120 * 1024 * 1024) }, { level: 1 }));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const out = await cleanAttachment(bomb, 'big.docx');
    expect(out.cleaning).toBe(CLEANING.notCleaned);
  });

  it('file names lose folders, control and direction characters, and stay short', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Users\\ana\\photo.jpg')).toBe('photo.jpg');
    expect(safeFileName('invoice\u202Egpj.exe')).toBe('invoicegpj.exe');
    expect(safeFileName('a"b<c>.pdf')).toBe('abc.pdf');
    expect(safeFileName('...')).toBe('file');
    const long = safeFileName(`${'ж'.repeat(300)}.pdf`);
    expect([...long]).toHaveLength(100);
    expect(long.endsWith('.pdf')).toBe(true);
  });
});
