import { describe, expect, it } from 'vitest';
import { parseFormBody } from './form-body.js';

describe('parseFormBody', () => {
  it('reads plain, percent-encoded and plus-encoded fields, keeping repeated names in order', () => {
    const form = parseFormBody(Buffer.from('lang=en&kind=phone&value=%2B44+7911+123456&areas=a&areas=b&empty=&flag'));
    expect(form.one('lang')).toBe('en');
    expect(form.one('value')).toBe('+44 7911 123456');
    expect(form.all('areas')).toEqual(['a', 'b']);
    expect(form.one('empty')).toBe('');
    expect(form.has('flag')).toBe(true);
    expect(form.one('missing')).toBe('');
    expect(form.malformed.size).toBe(0);
  });

  it('decodes UTF-8 (Thai, Arabic) whether percent-encoded or sent raw, and turns CRLF into LF', () => {
    const thai = 'สวัสดี';
    const form = parseFormBody(Buffer.concat([Buffer.from(`a=${encodeURIComponent(thai)}&b=`), Buffer.from('مرحبا', 'utf8'), Buffer.from('&c=one%0D%0Atwo')]));
    expect(form.one('a')).toBe(thai);
    expect(form.one('b')).toBe('مرحبا');
    expect(form.one('c')).toBe('one\ntwo');
    expect(form.malformed.size).toBe(0);
  });

  it('marks a field whose bytes are not UTF-8, raw or percent-encoded, and keeps the others', () => {
    const form = parseFormBody(Buffer.concat([Buffer.from('ok=fine&raw='), Buffer.from([0xff, 0xfe]), Buffer.from('&enc=%C3%28')]));
    expect(form.one('ok')).toBe('fine');
    expect([...form.malformed].sort()).toEqual(['enc', 'raw']);
  });
});
