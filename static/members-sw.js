// Parasol members: the service worker for Web Push (optional; everything else works without script).
// It shows a discreet notification and opens the warning when it is tapped. It caches nothing.
'use strict';
self.addEventListener('push', function (event) {
  var data;
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = {};
  }
  var url = typeof data.url === 'string' && data.url.indexOf('/members/') === 0 ? data.url : '/members/warnings';
  event.waitUntil(
    self.registration.showNotification(String(data.title || 'Parasol'), {
      body: String(data.body || ''),
      tag: String(data.tag || 'parasol'),
      data: { url: url },
    }),
  );
});
self.addEventListener('notificationclick', function (event) {
  event.notification.close();
  var url = (event.notification.data && event.notification.data.url) || '/members/warnings';
  event.waitUntil(self.clients.openWindow(url));
});
