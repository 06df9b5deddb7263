// GET / from a browser (Accept: text/html): a small page that fetches the model's
// description (with the API key typed in), builds a form of its features, POSTs the
// record and shows the answer. Nothing but this page and its own origin is loaded: the
// Content-Security-Policy allows the one script and style by their hashes.

const STYLE = 'body{font:16px system-ui;max-width:40em;margin:auto}label{display:block;margin:.5em}input,select{margin:0 .5em}pre{background:#eee;white-space:pre-wrap}';
// Hand-minified: it is sent as it is. u: this path; F: the features; I: their inputs.
const SCRIPT = `const $=s=>document.querySelector(s),k=$('#k'),x=$('#x'),o=$('#o'),b=$('#b'),u=location.pathname;let F,I;
const H=h=>(k.value&&(h['x-api-key']=k.value),h);
const ask=async q=>{try{const r=await fetch(u,q),d=await r.json();o.textContent=JSON.stringify(d,null,1);return r.ok&&d}catch(e){o.textContent=e}};
const el=(t,p)=>Object.assign(document.createElement(t),p);
const load=async()=>{const d=await ask({headers:H({accept:'application/json'})});if(!d)return;F=d.features;o.textContent='';
I=F.map(f=>{const v=d.example_request[f.name],i=f.categories?el('select'):el('input',f.type=='number'?{type:'number',step:'any'}:{type:f.format.includes('time')?'datetime-local':'date'});
if(f.categories)for(const c of[...(f.missing.accepted?['']:[]),...f.categories,...(f.rare_categories||[])])i.add(new Option(c,c));
i.name=f.name;i.value=v??'';const l=el('label',{textContent:f.name});l.append(i);return i});
x.replaceChildren(...I.map(i=>i.parentNode));b.textContent='Predict'};
$('form').onsubmit=e=>{e.preventDefault();if(!F)return load();const r={};F.forEach((f,j)=>{const v=I[j].value;r[f.name]=v===''?null:f.type=='number'?+v:v});
ask({method:'POST',headers:H({'content-type':'application/json'}),body:JSON.stringify(r)})};load()`;

// Their SHA-256s, for the Content-Security-Policy (a test checks them: change both together).
export const SCRIPT_HASH = 'sha256-/DmCYi7e6qNzOr2qUY3GiasALPSRFLpy2/YNmUjAudo=';
export const STYLE_HASH = 'sha256-lvlPd4GZvnBo291QshR0vSM4nLAllL77PtgFzwPUQoo=';

export const tryPage = () => ({
  status: 200,
  raw: `<!doctype html><html lang=en><meta charset=utf-8><title>Try the model</title><style>${STYLE}</style><h1>Try the model</h1><form><label>API key <input id=k type=password autocomplete=off></label><div id=x></div><button id=b>Load</button></form><pre id=o></pre><script>${SCRIPT}</script>`,
  extraHeaders: {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': `default-src 'none'; script-src '${SCRIPT_HASH}'; style-src '${STYLE_HASH}'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    'x-content-type-options': 'nosniff',
  },
});
