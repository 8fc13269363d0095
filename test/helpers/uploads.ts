/**
 * Forms with files, posted like a browser without JavaScript: the text
 * fields first, the file input last, as multipart/form-data. And test files
 * carrying the hidden details phones and office software write.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { strToU8, zipSync } from 'fflate';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import type { Fields, FormSession } from './forms.js';

export interface TestFile {
  readonly name: string;
  readonly bytes: Buffer;
  readonly type?: string;
}

/** A multipart body as a browser sends it (built by the platform's FormData, not by hand). */
export async function multipartBody(fields: Fields, files: readonly TestFile[], fileField = 'attachments'): Promise<{ payload: Buffer; contentType: string }> {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) fd.append(k, x);
  for (const f of files) fd.append(fileField, new Blob([new Uint8Array(f.bytes)], { type: f.type ?? 'application/octet-stream' }), f.name);
  // A file input left empty still sends one empty part.
  if (files.length === 0) fd.append(fileField, new Blob([], { type: 'application/octet-stream' }), '');
  const r = new Response(fd);
  return { payload: Buffer.from(await r.arrayBuffer()), contentType: r.headers.get('content-type')! };
}

/** Posts a reporter form with files, with the session's cookie and CSRF token. */
export async function postMultipart(app: FastifyInstance, url: string, session: FormSession | null, fields: Fields, files: readonly TestFile[], cookie?: string): Promise<LightMyRequestResponse> {
  const { payload, contentType } = await multipartBody({ ...(session ? { _csrf: session.token } : {}), ...fields }, files);
  const c = cookie ?? session?.cookie;
  return app.inject({ method: 'POST', url, headers: { 'content-type': contentType, ...(c ? { cookie: c } : {}) }, payload });
}

export const GPS = { latitude: 44.4333, longitude: 26.1 } as const;

/** A phone photo: camera make and model, the owner's name, and the GPS position in its EXIF. */
export async function gpsJpeg(marker = 'SecretPhone 9'): Promise<Buffer> {
  return (
    sharp({ create: { width: 64, height: 48, channels: 3, background: '#c33' } })
      .jpeg()
      .withExif({
        IFD0: { Make: 'PhoneMaker', Model: marker, Artist: 'Jane Doe' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '44/1 26/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '26/1 6/1 0/1' },
      })
      // Taken with the phone on its side: the picture is stored 64 wide and 48 high, to be shown rotated.
      .withMetadata({ orientation: 6 })
      .toBuffer()
  );
}

/** A PDF whose Info dictionary and XMP name its author. */
export async function authoredPdf(author: string, text = 'Evidence'): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setAuthor(author);
  doc.setCreator(`${author} laptop`);
  doc.setTitle(`Notes by ${author}`);
  const page = doc.addPage([200, 100]);
  page.drawText(text, { x: 10, y: 50, size: 12, font: await doc.embedFont(StandardFonts.Helvetica) });
  const xmp = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>${author}</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
  const stream = doc.context.stream(xmp, { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(doc.context.obj('Metadata') as never, doc.context.register(stream));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** A minimal Word file whose document properties name its author and company. */
export function authoredDocx(author: string): Buffer {
  const files = {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>',
    ),
    'docProps/core.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>${author}</dc:creator><cp:lastModifiedBy>${author}</cp:lastModifiedBy></cp:coreProperties>`,
    ),
    'docProps/app.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Company>${author} Ltd</Company></Properties>`,
    ),
    'word/document.xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Evidence</w:t></w:r></w:p></w:body></w:document>',
    ),
  };
  return Buffer.from(zipSync(files));
}
