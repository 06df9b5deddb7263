// GET / from a browser (Accept: text/html): a small page that fetches the model's
// description (with the API key typed in), builds a form of its features, POSTs the
// record and shows the answer. Nothing but this page and its own origin is loaded: the
// Content-Security-Policy allows its one script, by its hash.

// Hand-minified: it is sent as it is. F: the features, once loaded; I: their inputs.
const SCRIPT = `let F,I;const $=s=>document.querySelector(s),o=$('#o'),
ask=async q=>{try{const r=await fetch(location.pathname,{...q,headers:{'x-api-key':$('#k').value,'content-type':'application/json'}}),d=await r.json();o.textContent=JSON.stringify(d,null,1);return r.ok&&d}catch(e){o.textContent=e}};
$('form').onsubmit=async e=>{e.preventDefault();if(F){const r={};F.forEach((f,j)=>{const v=I[j].value;r[f.name]=v===''?null:f.type=='number'?+v:v});
ask({method:'POST',body:JSON.stringify(r)})}else{const d=await ask();if(d){F=d.features;
I=F.map(f=>{const c=f.categories,i=document.createElement(c?'select':'input'),l=document.createElement('label');
if(c)for(const v of['',...c,...(f.rare_categories||[])])i.add(new Option(v));else if(f.type=='number')i.type='number',i.step='any';
i.name=l.textContent=f.name;i.value=d.example_request[f.name]??'';l.append(' ',i);$('#x').append(l,document.createElement('br'));return i});$('#b').textContent='Predict'}}}`;

// Its SHA-256, for the Content-Security-Policy (a test checks it: change both together).
export const SCRIPT_HASH = 'sha256-XWOxrDv68zqP7+U89wQbDprGcEiERizfwpdsOUr+Xv8=';

export const tryPage = () => ({
  status: 200,
  raw: `<!doctype html><meta charset=utf-8><title>Try the model</title><form><label>API key <input id=k type=password></label><div id=x></div><button id=b>Load</button></form><pre id=o></pre><script>${SCRIPT}</script>`,
  extraHeaders: {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': `default-src 'none'; script-src '${SCRIPT_HASH}'; connect-src 'self'; form-action 'none'; frame-ancestors 'none'`,
    'x-content-type-options': 'nosniff',
  },
});
