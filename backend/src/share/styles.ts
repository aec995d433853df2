/**
 * The share pages' stylesheet (one inline <style>, allowed by its hash in the CSP; see
 * csp.ts). Mobile first: on narrow screens the player is full-bleed and the buttons
 * share the width; light and dark follow the viewer's system setting.
 */
export const STYLE = `
:root{color-scheme:light dark;--bg:#f5f6f8;--fg:#15171c;--muted:#5f6673;--card:#fff;--line:#e2e5ea;--accent:#5b5bd6;--accent-fg:#fff}
@media (prefers-color-scheme:dark){:root{--bg:#0e1014;--fg:#eceef2;--muted:#9aa1ad;--card:#171a20;--line:#272b34;--accent:#7c7cf0}}
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
