/**
 * The dashboard's browser script (progressive enhancement; every page works without it), served as
 * /dashboard-assets/dashboard.js. Kept as a string so the server-side lint and type check do not apply browser rules.
 */
export const DASHBOARD_SCRIPT = String.raw`// Progressive enhancement for the signaalloket dashboard; every page works without it.
(function () {
  'use strict';

  // A refused decision: move focus to its message so keyboard and screen-reader users meet it first.
  var error = document.getElementById('decision-error');
  if (error) {
    var details = error.closest('details');
    if (details) details.open = true;
    error.focus();
  }

  // "Kopieer tekst" for the annual report paragraph.
  document.querySelectorAll('[data-copy-target]').forEach(function (button) {
    var target = document.getElementById(button.getAttribute('data-copy-target'));
    var status = document.querySelector('[data-copy-status]');
    if (!target || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(target.textContent.trim()).then(function () {
        if (status) status.textContent = 'Tekst gekopieerd.';
      });
    });
  });

  // Live view of a signal: poll its state; when something changed, replace the live regions and say what.
  var root = document.querySelector('[data-live-url]');
  if (!root || !window.fetch) return;
  var url = root.getAttribute('data-live-url');
  var version = root.getAttribute('data-live-version');
  var status = root.getAttribute('data-live-status');
  var announcer = document.getElementById('live-status');
  var busy = false;
  // Once a form is on its way, the page is leaving: a poll must not reload it and cancel that submission.
  var submitting = false;
  document.addEventListener('submit', function () { submitting = true; });
  window.addEventListener('pageshow', function (event) { if (event.persisted) submitting = false; });

  function typing() {
    var active = document.activeElement;
    return active && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName) && root.contains(active);
  }

  function poll() {
    if (busy || submitting || document.hidden) return;
    busy = true;
    fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state || submitting || state.version === version) return;
        version = state.version;
        root.setAttribute('data-live-version', version);
        ['header', 'ministries', 'timeline'].forEach(function (name) {
          var region = root.querySelector('[data-live-region="' + name + '"]');
          if (region && typeof state[name] === 'string') region.innerHTML = state[name];
        });
        if (announcer && state.announcement) announcer.textContent = state.announcement;
        // The decision forms depend on the status; reload them only when the coordinator is not filling one in.
        if (state.status !== status && !typing()) window.location.reload();
      })
      .catch(function () { /* the next poll tries again */ })
      .then(function () { busy = false; });
  }

  setInterval(poll, 4000);
  document.addEventListener('visibilitychange', poll);
})();
`;
