/**
 * The part of the share page's script (script.ts) that runs on the page of a recording still
 * uploading: it polls /v/<id>/status every 500 ms (150 ms for a few seconds once every byte is
 * stored and only the server's complete is left) and shows the upload's progress (a labelled
 * <progress>, indeterminate until the recorder told the total at Stop); once the recording is
 * ready it puts a player in place and starts it at once (no reload: same CSP, same script): with
 * sound if the browser allows it, else muted with a "Turn on sound" button. The player page follows,
 * fetched meanwhile: its details (title, Download, Copy link), the places of comments and tools,
 * its data island and the player bundle, which takes over the playing video as on a page loaded
 * ready (speed, keys, comments, views). The first viewers of a link handed out at Stop come here.
 * A fragment of SCRIPT's function body: it calls SCRIPT's `setUp` (Copy link, local dates).
 */
export const LIVE_SCRIPT = `
  var pending = document.getElementById('pending');
  if (!pending) return;
  var box = document.getElementById('progress-box');
  var bar = document.getElementById('progress');
  var label = document.getElementById('progress-label');
  var text = document.getElementById('progress-text');
  var news = document.getElementById('pending-news');
  var here = location.pathname.replace(/\\/+$/, '');
  var said = '';
  var tell = function (message) {
    if (message !== said) news.textContent = said = message;
  };
  var size = function (bytes) {
    if (bytes < 1000) return bytes + ' B';
    var units = ['KB', 'MB', 'GB', 'TB'];
    var value = bytes / 1000;
    var i = 0;
    while (value >= 1000 && i < units.length - 1) { value /= 1000; i++; }
    return (value < 10 ? value.toFixed(1) : Math.round(value)) + ' ' + units[i];
  };
  var show = function (s) {
    var state = s.stopped ? 'Finishing upload\\u2026' : 'Uploading\\u2026';
    label.textContent = state;
    if (typeof s.bytesTotal === 'number' && s.bytesTotal > 0) {
      var stored = Math.min(s.bytesStored, s.bytesTotal);
      bar.max = s.bytesTotal;
      bar.value = stored;
      text.textContent = size(stored) + ' of ' + size(s.bytesTotal);
    } else {
      bar.removeAttribute('value');
      text.textContent = size(s.bytesStored) + ' uploaded';
    }
    tell(state);
  };
  var gone = function () {
    box.hidden = true;
    pending.querySelector('h1').textContent = 'Recording not found';
    pending.querySelector('p').textContent = 'This recording is no longer available: its owner may have deleted it or cancelled the upload.';
    tell('Recording not found');
  };
  var offerUnmute = function (video) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'button secondary';
    button.id = 'unmute';
    button.textContent = 'Turn on sound';
    video.parentNode.appendChild(button);
    var drop = function () {
      if (button.parentNode) button.parentNode.removeChild(button);
    };
    button.addEventListener('click', function () {
      video.muted = false;
      drop();
      video.focus();
    });
    video.addEventListener('volumechange', function () {
      if (!video.muted) drop();
    });
  };
  var play = function (video) {
    var attempt = function (retry) {
      video.play().catch(function (e) {
        var name = e && e.name;
        if (name === 'AbortError' && retry) {
          video.addEventListener('canplay', function () { attempt(false); }, { once: true });
        } else if (name === 'NotAllowedError') {
          video.muted = true;
          video.play().then(function () { offerUnmute(video); }, function () {});
        }
      });
    };
    attempt(true);
  };
  // The player first (it starts loading at once), then the player page's details (title, date,
  // Download, Copy link), fetched meanwhile; the video element stays where it is.
  var ready = function () {
    if (!pending.parentNode) return; // shown already
    // The ids the player bundle looks for (share/page.ts playerMarkup).
    var player = document.createElement('div');
    player.className = 'player';
    player.id = 'player';
    var video = document.createElement('video');
    video.id = 'watch-video';
    video.controls = true;
    video.playsInline = true;
    var poster = pending.querySelector('img.poster');
    if (poster) video.poster = poster.src;
    video.src = here + '/video';
    player.appendChild(video);
    var controls = document.createElement('div');
    controls.className = 'controls';
    controls.id = 'watch-controls';
    player.appendChild(controls);
    pending.replaceWith(player);
    player.after(news);
    tell('Ready: playing the recording');
    play(video);
    fetch(location.href, { cache: 'no-store' })
      .then(function (r) {
        if (!r.ok) throw new Error('HTTP ' + r.status);
        return r.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var details = doc.querySelector('main .details');
        if (!details) return;
        document.title = doc.title;
        var named = doc.getElementById('watch-video');
        if (named) video.setAttribute('aria-label', named.getAttribute('aria-label') || '');
        var after = player;
        [details, doc.getElementById('watch-tools'), doc.getElementById('watch-social')].forEach(function (node) {
          if (!node) return;
          after.after(document.adoptNode(node));
          after = node;
        });
        setUp();
        // The bundle starts from the island; a parsed page's scripts never run, so a new element loads it.
        var island = doc.getElementById('watch-data');
        var bundle = doc.querySelector('script[type="module"][src]');
        if (!island || !bundle) return;
        document.body.appendChild(document.adoptNode(island));
        var script = document.createElement('script');
        script.type = 'module';
        script.src = bundle.getAttribute('src');
        document.body.appendChild(script);
      })
      .catch(function () {});
  };
  var quick = 40;
  var poll = function () {
    fetch(here + '/status', { cache: 'no-store', headers: { accept: 'application/json' } })
      .then(function (r) {
        if (r.status === 404) return gone();
        if (!r.ok) throw new Error('HTTP ' + r.status);
        return r.json().then(function (s) {
          if (s.status === 'ready') return ready();
          show(s);
          // Every byte stored: only the server's complete is left, a moment. Look more often then (a while).
          var last = s.stopped && s.bytesStored >= s.bytesTotal && quick-- > 0;
          setTimeout(poll, last ? 150 : 500);
        });
      })
      .catch(function () { setTimeout(poll, 2000); });
  };
  box.hidden = false;
  pending.querySelector('.spinner').hidden = true;
  document.getElementById('pending-hint').textContent = 'It plays here by itself as soon as it is ready.';
  poll();
`;
