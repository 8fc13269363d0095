/**
 * Staff sessions as a caseworker lives them: a session ends after 30 minutes
 * without a request and 12 hours after login whatever happens, the login page
 * then says why, and logging out ends the session for good.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SURFACE_DIALECT } from '../helpers/dialects.js';
import { StaffClient } from '../helpers/staff.js';
import { auditActionsAfter, csrfOf, lastAuditSeq, loginAs, rawGet, rawPost, surfaces, textOf, type Surfaces } from './support.js';

const MINUTE = 60_000;
const EXPIRED = 'Your session ended. Please log in again.';

let s: Surfaces;

beforeAll(async () => {
  s = await surfaces(SURFACE_DIALECT);
});
afterAll(async () => {
  await s?.close();
});

async function loggedInClient(): Promise<StaffClient> {
  const client = new StaffClient(s.staff, s.clock);
  await loginAs(s, client, s.coordinator);
  const inbox = await client.get('/inbox');
  expect(inbox.statusCode).toBe(200);
  return client;
}

/** Where GET /inbox leads: 'inbox' when the session is alive, otherwise the status and location. */
async function inboxState(client: StaffClient): Promise<string> {
  const res = await client.get('/inbox');
  if (res.statusCode === 200 && textOf(res.body).includes('Inbox')) return 'inbox';
  return `${res.statusCode} ${String(res.headers.location ?? '')}`;
}

describe('idle timeout: 30 minutes', () => {
  it('a session used every 29 minutes stays open; after 30 minutes without a request /inbox leads to /login', async () => {
    const client = await loggedInClient();
    for (let i = 0; i < 4; i++) {
      s.clock.advance(29 * MINUTE);
      expect(await inboxState(client)).toBe('inbox');
    }
    s.clock.advance(30 * MINUTE + 1000);
    expect(await inboxState(client)).toBe('303 /login');
    // And it stays closed: moving on does not bring it back.
    s.clock.advance(MINUTE);
    expect(await inboxState(client)).toBe('303 /login');
  });

  it('a page request after the idle timeout shows nothing of the case list', async () => {
    const client = await loggedInClient();
    const cookie = client.cookieHeader;
    s.clock.advance(31 * MINUTE);
    const res = await rawGet(s.staff, '/inbox', cookie);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login');
    expect(res.body).not.toContain('Inbox');
  });

  // The session is emptied, not deleted, so the notice written after it reaches the login page.
  it('after an idle timeout the login page says the session ended', async () => {
    const client = await loggedInClient();
    s.clock.advance(31 * MINUTE);
    const redirect = await client.get('/inbox');
    expect(redirect.statusCode).toBe(303);
    const login = await client.follow(redirect);
    expect(login.statusCode).toBe(200);
    expect(textOf(login.body)).toContain(EXPIRED);
  });
});

describe('absolute timeout: 12 hours', () => {
  it('a session in constant use still ends 12 hours after login', async () => {
    const client = await loggedInClient();
    // Busy all day: a request every 20 minutes for 11 h 40 min.
    for (let elapsed = 0; elapsed < 11 * 60 + 40; elapsed += 20) {
      s.clock.advance(20 * MINUTE);
      expect(await inboxState(client)).toBe('inbox');
    }
    // 11 h 59 min after login (the login itself moved the clock a few seconds before the first request).
    s.clock.advance(19 * MINUTE);
    expect(await inboxState(client)).toBe('inbox');
    s.clock.advance(2 * MINUTE);
    expect(await inboxState(client)).toBe('303 /login');
  });

  it('after the absolute timeout the login page says the session ended', async () => {
    const client = await loggedInClient();
    for (let i = 0; i < 36; i++) {
      s.clock.advance(20 * MINUTE);
      await client.get('/inbox');
    }
    s.clock.advance(20 * MINUTE);
    const redirect = await client.get('/inbox');
    expect(redirect.statusCode).toBe(303);
    const login = await client.follow(redirect);
    expect(textOf(login.body)).toContain(EXPIRED);
  });
});

describe('logout', () => {
  it('ends the session in this browser and is audit-logged', async () => {
    const client = await loggedInClient();
    const seq = await lastAuditSeq(s);
    const res = await client.post('/inbox', '/logout', {});
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login');
    expect(await inboxState(client)).toBe('303 /login');
    expect(await auditActionsAfter(s, seq)).toEqual(['logout']);
  });

  it('the login page then says "You are logged out."', async () => {
    const client = await loggedInClient();
    const res = await client.post('/inbox', '/logout', {});
    const login = await client.follow(res);
    expect(textOf(login.body)).toContain('You are logged out.');
  });

  // The session lives in the encrypted cookie, with the caseworker's unlocked key; logout raises the user's
  // session epoch on the server, so a copy of the cookie taken before (a shared computer's cookie store, a proxy
  // log, malware) opens nothing afterwards.
  it('a copy of the cookie taken before logout no longer opens anything', async () => {
    const client = await loggedInClient();
    const stolen = client.cookieHeader;
    const logout = await client.post('/inbox', '/logout', {});
    expect(logout.statusCode).toBe(303);
    const replay = await rawGet(s.staff, '/inbox', stolen);
    expect(replay.statusCode).toBe(303);
    expect(replay.headers.location).toBe('/login');
    const page = await rawGet(s.staff, '/account', stolen);
    expect(page.statusCode).toBe(303);
  });

  it('a forged logout (no token) leaves the session open', async () => {
    const client = await loggedInClient();
    const res = await rawPost(s.staff, '/logout', client.cookieHeader, {});
    expect(res.statusCode).toBe(303);
    expect(await inboxState(client)).toBe('inbox');
    // The real logout form on the page still works afterwards.
    const page = await client.get('/inbox');
    const out = await rawPost(s.staff, '/logout', client.cookieHeader, { _csrf: csrfOf(page) });
    expect(out.statusCode).toBe(303);
  });
});

describe('when the store of the server halves does not answer', () => {
  it('a correct login gets the login page again with a plain message and no session, never an error page', async () => {
    // Nothing listens on port 1: the Redis that would keep the server's halves is gone.
    const down = await surfaces(SURFACE_DIALECT, { redisUrl: 'redis://127.0.0.1:1' });
    try {
      const client = new StaffClient(down.staff, down.clock);
      down.clock.advance(30_000);
      const res = await client.login(down.coordinator.username, down.coordinator.password, down.coordinator.totpSecret);
      expect(res.statusCode).toBe(503);
      expect(textOf(res.body)).toContain('You cannot be logged in right now: the server cannot keep your session.');
      expect(res.body).toContain(`value="${down.coordinator.username}"`);
      expect(textOf(res.body)).not.toMatch(/ECONNREFUSED|Error|stack/);
      expect((await client.get('/inbox')).headers.location).toBe('/login');
    } finally {
      await down.close();
    }
  });
});
