// Parasol members: turns on Web Push on this device when the member asks (progressive enhancement:
// without JavaScript the settings page explains the other ways to be told).
(function () {
  'use strict';
  var box = document.getElementById('push');
  if (!box || !('serviceWorker' in navigator) || !('PushManager' in window)) return;
  box.hidden = false;
  var button = document.getElementById('push-on');
  var status = document.getElementById('push-status');
  function b64ToBytes(s) {
    var pad = '='.repeat((4 - (s.length % 4)) % 4);
    var raw = atob((s + pad).replace(/-/g, '+').replace(/_/g, '/'));
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }
  function bytesToB64(buf) {
    var bytes = new Uint8Array(buf);
    var s = '';
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  button.addEventListener('click', function () {
    button.disabled = true;
    navigator.serviceWorker
      .register('/members/sw.js', { scope: '/members/' })
      .then(function (reg) {
        return reg.pushManager.getSubscription().then(function (existing) {
          return existing || reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: b64ToBytes(box.getAttribute('data-vapid')) });
        });
      })
      .then(function (sub) {
        var body = new URLSearchParams();
        body.set('_csrf', box.getAttribute('data-csrf'));
        body.set('lang', box.getAttribute('data-lang'));
        body.set('endpoint', sub.endpoint);
        body.set('p256dh', bytesToB64(sub.getKey('p256dh')));
        body.set('auth', bytesToB64(sub.getKey('auth')));
        return fetch('/members/push/subscribe', { method: 'POST', body: body, credentials: 'same-origin' });
      })
      .then(function (res) {
        if (!res.ok) throw new Error('refused');
        status.textContent = status.getAttribute('data-on');
      })
      .catch(function () {
        status.textContent = status.getAttribute('data-fail');
        button.disabled = false;
      });
  });
})();
