/**
 * The upload limit is one number: the reverse proxy's client_max_body_size
 * equals Parasol's own, and nginx streams bodies instead of writing them to
 * its temporary files. Parasol refuses a multipart body announced as larger
 * before reading it, like the proxy.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { UPLOAD_REQUEST_LIMIT } from '../../src/core/attachments/attachments.service.js';
import { buildReporterApp } from '../../src/web/app.js';
import { testContext } from '../helpers/context.js';
import { SURFACE_DIALECT } from '../helpers/dialects.js';

const conf = fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../deploy/nginx/parasol.conf'), 'utf8');

it('nginx takes exactly the upload limit, and streams bodies rather than spooling them to disk', () => {
  const sizes = [...conf.matchAll(/^\s*client_max_body_size\s+(\d+)([km]?);/gm)].map((m) => Number(m[1]) * (m[2] === 'm' ? 1024 * 1024 : m[2] === 'k' ? 1024 : 1));
  expect(sizes).toEqual([UPLOAD_REQUEST_LIMIT]);
  expect(conf).toMatch(/^\s*proxy_request_buffering off;/m);
  expect(conf).not.toMatch(/^\s*proxy_request_buffering on;/m);
});

it('Parasol refuses a multipart body announced as over the limit, before reading it', async () => {
  const t = await testContext(SURFACE_DIALECT);
  const app = await buildReporterApp(t.ctx);
  try {
    const res = await app.inject({
      method: 'POST',
      url: '/report',
      headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(UPLOAD_REQUEST_LIMIT + 1) },
      payload: '--x--\r\n',
    });
    expect(res.statusCode).toBe(413);
  } finally {
    await app.close();
    await t.close();
  }
});
