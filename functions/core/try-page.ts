// GET / from a browser (Accept: text/html): a small page that fetches the model's
// description (with the API key typed in), builds a form of its features, POSTs the
// record and shows the answer. Nothing but this page and its own origin is loaded: the
// Content-Security-Policy allows its one script, by its hash.

// Hand-minified: it is sent as it is. F: the features, once loaded; I: their inputs. Every
// name and value from the model or an answer is set as text (textContent, Option), never as HTML.
const SCRIPT = `let F,I;const $=s=>document.querySelector(s),o=$('#o'),E=t=>document.createElement(t),
ask=async q=>{try{const r=await fetch(location.pathname,{...q,headers:{'x-api-key':$('#k').value,'content-type':'application/json'}}),d=await r.json();o.textContent=JSON.stringify(d,null,1);return r.ok&&d}catch(e){o.textContent=e}};
$('form').onsubmit=async e=>{e.preventDefault();if(F){const r={};F.forEach((f,j)=>{const v=I[j].value;r[f.name]=v===''?null:f.type=='number'?+v:v});
const a=await ask({method:'POST',body:JSON.stringify(r)}),b=a&&a.probabilities||{};if(a)$('#p').textContent=[a.label??a.prediction,...Object.keys(b).map(c=>c+': '+b[c]),...(a.warnings||[]).map(w=>'warning: '+w)].join('\\n')}else{const d=await ask();if(d){F=d.features;
$('#m').textContent=d.target+' '+d.model_version+' '+d.model.family+' '+JSON.stringify(d.metrics);
I=F.map(f=>{const c=f.categories,m=f.missing.accepted,i=E(c?'select':'input'),l=E('label');
if(c){if(m)i.add(new Option('missing',''));for(const v of[...c,...(f.rare_categories||[])])i.add(new Option(v))}else{if(f.type=='number')i.type='number',i.step='any';if(m)i.placeholder='missing'}
i.name=l.textContent=f.name;i.value=d.example_request[f.name]??'';l.append(' ',i);$('#x').append(l,E('br'));return i});$('#b').textContent='Predict'}}}`;

// Its SHA-256, for the Content-Security-Policy (a test checks it: change both together).
export const SCRIPT_HASH = 'sha256-RvuFN0R9D5RC/yFOUUJZnCnHJKw6Y2CCtLYxoHLLMnc=';

export const tryPage = () => ({
  status: 200,
  raw: `<!doctype html><meta charset=utf-8><title>Try the model</title><form><label>API key <input id=k type=password></label><div id=x></div><button id=b>Load</button></form><p id=m></p><pre id=p></pre><pre id=o></pre><script>${SCRIPT}</script>`,
  extraHeaders: {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': `default-src 'none'; script-src '${SCRIPT_HASH}'; connect-src 'self'; form-action 'none'; frame-ancestors 'none'`,
    'x-content-type-options': 'nosniff',
  },
});
