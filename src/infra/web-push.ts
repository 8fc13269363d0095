/**
 * Web Push (web-push: VAPID, aes128gcm), the adapter to the browsers' push
 * services. web-push is loaded on first use: an instance that never pushes
 * never holds it in memory.
 */
import type https from 'node:https';

/** One Web Push subscription as the browser gave it. */
export interface PushSubscriptionData {
  readonly endpoint: string;
  readonly p256dh: string;
  readonly auth: string;
}

export type PushOutcome = 'sent' | 'gone' | 'retry';

export interface PushSender {
  send(sub: PushSubscriptionData, payload: string, opts: { topic: string; ttlSeconds: number }): Promise<PushOutcome>;
}

export interface VapidKeys {
  readonly publicKey: string;
  readonly privateKey: string;
}

/** A fresh VAPID key pair (P-256). */
export async function generateVapidKeys(): Promise<VapidKeys> {
  const { default: webpush } = await import('web-push');
  return webpush.generateVAPIDKeys();
}

/** Sends with web-push (VAPID, aes128gcm), optionally through a given HTTPS agent (a local test service with its own certificate). */
export function webPushSender(keys: VapidKeys, subject: string, agent?: https.Agent): PushSender {
  return {
    async send(sub, payload, opts) {
      const { default: webpush } = await import('web-push');
      try {
        await webpush.sendNotification({ endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } }, payload, {
          vapidDetails: { subject, publicKey: keys.publicKey, privateKey: keys.privateKey },
          TTL: opts.ttlSeconds,
          topic: opts.topic,
          urgency: 'normal',
          contentEncoding: 'aes128gcm',
          timeout: 30_000,
          ...(agent ? { agent } : {}),
        });
        return 'sent';
      } catch (err) {
        const status = (err as { statusCode?: number }).statusCode;
        // 404 and 410: the browser unsubscribed or the subscription expired.
        return status === 404 || status === 410 ? 'gone' : 'retry';
      }
    },
  };
}
