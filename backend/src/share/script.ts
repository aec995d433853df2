/**
 * The share page's only script (allowed by its hash in the CSP; see csp.ts). Progressive:
 * without it the page still plays and downloads. It
 *  - shows the "Copy link" button and copies the page URL (Clipboard API, or a hidden
 *    text field + execCommand where the Clipboard API is unavailable, e.g. plain http);
 *  - shows dates in the viewer's locale and time zone (the server renders them in UTC).
 *  - on the page of a recording still uploading, shows the progress, then plays it in place
 *    (live-script.ts).
 * Static text: user data reaches it only through data-* attributes, never as code.
 */
import { LIVE_SCRIPT } from './live-script';

export const SCRIPT = `(function () {
  // Copy link and local dates; run again when live-script.ts puts the player in place.
  var setUp = function () {
  var button = document.getElementById('copy');
  if (button) {
    var label = button.querySelector('span');
    var url = button.getAttribute('data-url') || location.href;
    var timer;
    var say = function (text) {
      label.textContent = text;
      clearTimeout(timer);
      timer = setTimeout(function () { label.textContent = 'Copy link'; }, 2000);
    };
    var fallback = function () {
      var field = document.createElement('textarea');
      field.value = url;
      field.setAttribute('readonly', '');
      field.style.position = 'fixed';
      field.style.opacity = '0';
      document.body.appendChild(field);
      field.select();
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      document.body.removeChild(field);
      return ok;
    };
    button.hidden = false;
    button.addEventListener('click', function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(url).then(
          function () { say('Copied!'); },
          function () { say(fallback() ? 'Copied!' : 'Copy failed'); }
        );
      } else {
        say(fallback() ? 'Copied!' : 'Copy failed');
      }
    });
  }
  var times = document.querySelectorAll('time[datetime]');
  for (var i = 0; i < times.length; i++) {
    var d = new Date(times[i].getAttribute('datetime'));
    if (!isNaN(d.getTime())) {
      times[i].textContent = d.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
    }
  }
  };
  setUp();
${LIVE_SCRIPT}})();`;
