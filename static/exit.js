// Quick exit: the Escape key leaves at once, replacing this page in the history.
// The page works without this script; the quick-exit link does the same.
(function () {
  var link = document.getElementById('quick-exit');
  if (!link) return;
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') {
      window.location.replace(link.href);
    }
  });
})();
