/**
 * The share pages' stylesheet (one inline <style>, allowed by its hash in the CSP; see
 * csp.ts). Mobile first: on narrow screens the player is full-bleed and the buttons
 * share the width; light and dark follow the viewer's system setting.
 */
export const STYLE = `
:root{color-scheme:light dark;--bg:#f5f6f8;--fg:#15171c;--muted:#5f6673;--card:#fff;--line:#e2e5ea;--accent:#5b5bd6;--accent-fg:#fff;--accent-text:#4a4ac4;--danger:#b42318}
@media (prefers-color-scheme:dark){:root{--bg:#0e1014;--fg:#eceef2;--muted:#9aa1ad;--card:#171a20;--line:#272b34;--accent:#8f8ff5;--accent-fg:#0e1014;--accent-text:#a5a5ff;--danger:#ff9b90}}
*{box-sizing:border-box}
[hidden]{display:none!important}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
html,body{margin:0}
body{background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;min-height:100vh;display:flex;flex-direction:column}
.top{padding:12px 24px;border-bottom:1px solid var(--line);background:var(--card)}
.brand{font-weight:700;letter-spacing:.02em;display:inline-flex;align-items:center;gap:8px}
.brand i{width:12px;height:12px;border-radius:50%;background:#e5484d;display:inline-block;box-shadow:0 0 0 3px rgba(229,72,77,.25)}
main{width:100%;max-width:1120px;margin:0 auto;padding:24px;flex:1}
.player{position:relative;background:#000;border-radius:12px;overflow:hidden;box-shadow:0 10px 30px rgba(0,0,0,.18);display:flex;justify-content:center}
.player video{display:block;width:100%;height:auto;max-height:max(240px,calc(100vh - 210px));background:#000}
.player video:not([width]){aspect-ratio:16/9}
.player #unmute{position:absolute;top:12px;left:12px}
.player.enhanced{flex-direction:column}
.player.enhanced video{cursor:pointer;max-height:max(200px,calc(100vh - 320px))}
.player:fullscreen{border-radius:0}
.player:fullscreen video{flex:1;max-height:none;min-height:0}
.controls{color:#fff;background:#000}
.bar{padding:4px 12px 8px}
.timeline{position:relative;padding-top:22px}
.seek{display:block;width:100%;margin:0;accent-color:#8f8ff5;min-height:24px;cursor:pointer}
.markers{list-style:none;margin:0;padding:0;position:absolute;top:0;left:8px;right:8px;height:22px}
.markers li{position:absolute;top:0;transform:translateX(-50%)}
.marker{appearance:none;display:block;min-width:16px;height:20px;padding:0 2px;border:0;border-radius:10px;background:#ffd166;color:#000;font:13px/20px system-ui,sans-serif;cursor:pointer}
.marker:not(.reaction){width:12px;min-width:12px;height:12px;margin-top:4px;border-radius:50%}
.marker.reaction{background:transparent}
.marker:focus-visible,.controls button:focus-visible,.controls select:focus-visible,.seek:focus-visible{outline:3px solid #fff;outline-offset:1px}
.row{display:flex;align-items:center;gap:6px;flex-wrap:wrap}
.row .grow{flex:1}
.controls .icon{appearance:none;display:inline-flex;align-items:center;justify-content:center;width:44px;height:44px;border:0;border-radius:8px;background:transparent;color:#fff;cursor:pointer}
.controls .icon:hover{background:rgba(255,255,255,.14)}
.controls .icon svg{width:22px;height:22px}
.time{font-variant-numeric:tabular-nums;font-size:.95rem;padding:0 6px}
.speed{display:inline-flex;align-items:center;gap:6px;font-size:.9rem}
.speed select{font:inherit;color:#fff;background:#1d2027;border:1px solid #8b93a1;border-radius:6px;padding:4px 6px;min-height:32px}
.tools,.social{margin-top:24px}
.tools .buttons,.panel .buttons{display:flex;flex-wrap:wrap;gap:10px}
.stats{margin:0 0 12px;font-weight:600}
.panel{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:16px;margin-top:12px;display:flex;flex-direction:column;gap:12px;flex:1 1 300px}
.panel h3{margin:0;font-size:1.05rem}
.panels{display:flex;flex-wrap:wrap;gap:16px}
.owner{margin-top:16px}
.owner summary{cursor:pointer;font-weight:600;min-height:44px;display:flex;align-items:center}
.owner summary:focus-visible,.link:focus-visible,.at:focus-visible,.reaction:focus-visible,.field input:focus-visible,.field textarea:focus-visible,.panel textarea:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.field{display:flex;flex-direction:column;gap:6px}
.field label,.panel>label{font-weight:600}
.field input,.field textarea,.panel textarea{font:inherit;color:var(--fg);background:var(--card);border:1px solid #767676;border-radius:8px;padding:8px 10px;min-height:40px;width:100%}
.pair{display:flex;flex-wrap:wrap;gap:12px}
.pair .field{flex:1 1 140px}
fieldset{border:1px solid var(--line);border-radius:8px;margin:0;padding:8px 12px}
legend{font-weight:600;padding:0 4px}
.choice{display:flex;align-items:center;gap:8px;min-height:32px}
.button.small{min-height:36px;padding:6px 12px;font-size:.9rem}
.button:disabled{opacity:.6;cursor:default}
.quiet{color:var(--muted);margin:0}
.say{min-height:1.5em;margin:8px 0 0}
.say.error{color:var(--danger)}
.social h2{font-size:1.2rem;margin:0 0 12px}
.reactions{display:flex;flex-wrap:wrap;gap:6px;margin-bottom:12px}
.reaction{appearance:none;font-size:1.25rem;min-width:44px;min-height:44px;border:1px solid var(--line);border-radius:22px;background:var(--card);cursor:pointer}
.comment-form{display:flex;flex-direction:column;gap:10px;max-width:640px}
.comment-form .button{align-self:flex-start}
.comment-list{list-style:none;margin:16px 0 0;padding:0;max-width:760px}
.comment-list li{display:flex;flex-wrap:wrap;align-items:baseline;gap:4px 10px;padding:10px 0;border-top:1px solid var(--line)}
.at{appearance:none;font:inherit;font-variant-numeric:tabular-nums;color:var(--accent-text);background:none;border:0;padding:0;text-decoration:underline;cursor:pointer}
.who{font-weight:600}
.text{flex:1 1 100%;white-space:pre-wrap;overflow-wrap:anywhere}
.emoji{font-size:1.2rem}
.link{appearance:none;font:inherit;background:none;border:0;padding:0;color:var(--accent-text);text-decoration:underline;cursor:pointer}
.link.danger{color:var(--danger);margin-left:auto}
body.bare{background:#000;min-height:0}
body.bare main{padding:0;max-width:none}
.player.embed{border-radius:0;box-shadow:none;height:100vh}
.player.embed video{flex:1;max-height:none;min-height:0;height:auto}
.details{display:flex;flex-wrap:wrap;align-items:flex-start;justify-content:space-between;gap:16px 24px;margin-top:20px}
.heading{flex:1 1 360px;min-width:0}
h1{font-size:clamp(1.25rem,2.4vw,1.75rem);line-height:1.25;margin:0 0 6px;overflow-wrap:anywhere}
.meta{color:var(--muted);display:flex;flex-wrap:wrap;margin:0;padding:0;list-style:none}
.meta li+li::before{content:"\\00b7";margin:0 8px}
.actions{display:flex;flex-wrap:wrap;gap:10px}
.button{appearance:none;font:inherit;font-weight:600;cursor:pointer;display:inline-flex;align-items:center;justify-content:center;gap:8px;min-height:44px;padding:10px 18px;border-radius:10px;border:1px solid transparent;background:var(--accent);color:var(--accent-fg);text-decoration:none;white-space:nowrap}
.button:hover{filter:brightness(1.08)}
.button:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.button.secondary{background:var(--card);color:var(--fg);border-color:var(--line)}
.button svg{width:18px;height:18px;flex:none}
.notice{max-width:560px;margin:10vh auto 0;text-align:center;background:var(--card);border:1px solid var(--line);border-radius:14px;padding:36px 28px}
.notice h1{margin:0 0 8px}
.notice p{color:var(--muted);margin:0}
.notice .poster{display:block;width:100%;border-radius:10px;margin:0 0 20px;background:#000}
.notice .name{color:var(--fg);font-weight:600;overflow-wrap:anywhere}
.spinner{width:28px;height:28px;margin:0 auto 16px;border:3px solid var(--line);border-top-color:var(--accent);border-radius:50%;animation:spin 1s linear infinite}
@keyframes spin{to{transform:rotate(360deg)}}
.progress{margin:22px 0 0;text-align:left}
.progress label{display:block;font-weight:600;margin:0 0 8px}
.progress progress{display:block;width:100%;height:12px;accent-color:var(--accent)}
.progress-text{display:block;color:var(--muted);font-size:.9rem;margin-top:6px;font-variant-numeric:tabular-nums}
@media (prefers-reduced-motion:reduce){.spinner{animation:none}}
footer{color:var(--muted);font-size:.85rem;text-align:center;padding:18px}
@media (max-width:640px){
.top{padding:10px 16px}
main{padding:0 0 16px}
.player{border-radius:0;box-shadow:none}
.details{padding:0 16px;margin-top:16px}
.heading{flex-basis:100%}
.actions{width:100%}
.actions .button{flex:1}
.notice{margin:24px 16px 0;padding:28px 20px}
}
`;
