/** Driving the staff surface over HTTP: cookies, CSRF tokens, TOTP codes, following redirects. */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { generate } from 'otplib';
import type { Clock } from '../../src/core/shared/deps.js';
import { encodeForm, extractCsrf, type Fields } from './forms.js';

export class StaffClient {
  private cookies = new Map<string, string>();

  constructor(
    private readonly app: FastifyInstance,
    private readonly clock?: Clock,
  ) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: LightMyRequestResponse): void {
    const set = res.headers['set-cookie'];
    for (const c of Array.isArray(set) ? set : set ? [set] : []) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (value === '' || /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader } });
    this.keep(res);
    return res;
  }

  /** GETs `pageUrl` for a CSRF token, then posts the fields (with the token unless `csrf: false`). */
  async post(pageUrl: string, url: string, fields: Fields, opts: { csrf?: boolean } = {}): Promise<LightMyRequestResponse> {
    const page = await this.get(pageUrl);
    const token = opts.csrf === false ? undefined : extractCsrf(page.body);
    const res = await this.app.inject({
      method: 'POST',
      url,
      headers: { cookie: this.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' },
      payload: encodeForm({ ...(token ? { _csrf: token } : {}), ...fields }),
    });
    this.keep(res);
    return res;
  }

  async follow(res: LightMyRequestResponse): Promise<LightMyRequestResponse> {
    let r = res;
    for (let i = 0; i < 5 && r.statusCode >= 300 && r.statusCode < 400; i++) r = await this.get(String(r.headers.location));
    return r;
  }

  async totp(secret: string): Promise<string> {
    return generate({ secret, ...(this.clock ? { epoch: Math.floor(this.clock.now().getTime() / 1000) } : {}) } as Parameters<typeof generate>[0]);
  }

  async login(username: string, password: string, totpSecret: string): Promise<LightMyRequestResponse> {
    return this.post('/login', '/login', { username, password, code: await this.totp(totpSecret) });
  }

  forget(name: string): void {
    this.cookies.delete(name);
  }
}

/** A clock that tests can move forward (TOTP codes are single-use per 30-second step). */
export class SteppingClock implements Clock {
  private t: number;
  constructor(start = Date.now()) {
    this.t = start;
  }
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
