import crypto from 'node:crypto';

/**
 * The pages' only stylesheet, inline and allowed by its hash in the CSP (no third-party or even separate
 * resource). Colours follow the Rijkshuisstijl's dark blue with contrast ratios above 7:1; focus is always visible.
 */
export const STYLESHEET = `
*{box-sizing:border-box}
body{margin:0;font-family:"RO Sans",Calibri,Arial,Helvetica,sans-serif;font-size:1.0625rem;line-height:1.55;color:#1a1a1a;background:#f3f3f3}
a{color:#154273}
a:focus,button:focus,input:focus,textarea:focus{outline:3px solid #ffb612;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem}
.skip:focus{left:1rem;z-index:1}
header{background:#154273;color:#fff}
header .bar{max-width:48rem;margin:0 auto;padding:1rem 1.25rem;display:flex;justify-content:space-between;align-items:center;gap:1rem}
header .desk{font-weight:bold}
header a{color:#fff}
main{max-width:48rem;margin:0 auto;padding:1.5rem 1.25rem 3rem}
h1{font-size:1.75rem;line-height:1.25;margin:.25rem 0 1rem;color:#154273}
h2{font-size:1.3rem;margin:0 0 .5rem;color:#154273}
section,.notice{background:#fff;border:1px solid #d0d0d0;border-radius:4px;padding:1.25rem;margin:0 0 1.25rem}
.notice.ok{border-left:6px solid #39870c}
.notice.error{border-left:6px solid #d52b1e}
.notice.info{border-left:6px solid #154273}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1.25rem;margin:0}
dt{font-weight:bold}
dd{margin:0}
label{display:block;font-weight:bold;margin:1rem 0 .25rem}
.hint{display:block;color:#4a4a4a;font-size:.95rem;margin:0 0 .35rem}
input[type=date],textarea,input[type=file]{font:inherit;width:100%;max-width:36rem;padding:.5rem;border:2px solid #4a4a4a;border-radius:3px;background:#fff}
textarea{min-height:7rem}
button{font:inherit;font-weight:bold;margin-top:1rem;padding:.6rem 1.2rem;border:0;border-radius:3px;background:#154273;color:#fff;cursor:pointer}
button:hover{background:#0f2f52}
.small{font-size:.95rem;color:#4a4a4a}
footer{max-width:48rem;margin:0 auto;padding:0 1.25rem 2rem;font-size:.9rem;color:#4a4a4a}
`;

export const STYLESHEET_HASH = `'sha256-${crypto.createHash('sha256').update(STYLESHEET).digest('base64')}'`;
