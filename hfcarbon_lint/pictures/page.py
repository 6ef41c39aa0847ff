"""One self-contained HTML page: inline CSS, inline SVG figures, a small inline script, nothing fetched.

The page's Content-Security-Policy allows only its own style and script blocks (by hash): no
request leaves the page, and if card text ever slipped through unescaped as markup, a browser
would still refuse to run it. Every string from a card or the Hub is escaped before it gets here
(``escaping.for_markup``); links go only to ``https://huggingface.co/<id>``.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence

from hfcarbon_lint.base.escaping import for_markup

STYLE = """
body{font-family:Helvetica,Arial,'Liberation Sans',sans-serif;margin:0;color:#1a1a1a;background:#f6f7f7}
main{max-width:1040px;margin:0 auto;padding:24px 28px 48px;background:#fff}
h1{font-size:1.6em;margin:.2em 0 .1em;color:#17706c}h2{font-size:1.2em;margin-top:1.8em;color:#17706c;
border-bottom:1px solid #dde;padding-bottom:.2em}
.sub{color:#555;margin-top:0}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{border:1px solid #dde;border-radius:8px;padding:10px 14px;min-width:150px;background:#fbfcfc}
.card b{display:block;font-size:1.5em;color:#17706c}.card span{color:#555;font-size:.9em}
figure{margin:14px 0}figcaption{color:#555;font-size:.9em}svg{max-width:100%;height:auto}
table{border-collapse:collapse;width:100%;font-size:.9em}
th,td{border-bottom:1px solid #e4e4e4;padding:5px 8px;text-align:left;vertical-align:top}
td.num,th.num{text-align:right}td:first-child,td:nth-child(2),td.num{white-space:nowrap}
th button{font:inherit;font-weight:bold;background:none;border:0;padding:0;cursor:pointer;color:#17706c}
th[aria-sort=ascending] button::after{content:" \\25B2"}th[aria-sort=descending] button::after{content:" \\25BC"}
.filters{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin:10px 0}
.filters input[type=search]{padding:5px 8px;min-width:260px}
.letter{display:inline-block;min-width:1.4em;text-align:center;color:#fff;font-weight:bold;border-radius:3px}
.lA{background:#3a9a3a}.lB{background:#a8b82c}.lC{background:#f2b517}.lD{background:#ec7a22}.lE{background:#dc2a23}
.notes li{margin:.3em 0}.muted{color:#777}code{font-size:.95em}
footer{margin-top:2em;color:#777;font-size:.85em}
"""

SCRIPT = """
(function(){
  function key(cell){var v=cell.getAttribute('data-sort');if(v===null)v=cell.textContent;
    var n=parseFloat(v);return (v!==''&&!isNaN(n)&&isFinite(v))?n:v.toLowerCase();}
  document.querySelectorAll('table.sortable').forEach(function(table){
    var heads=table.querySelectorAll('th');
    heads.forEach(function(th,col){var b=th.querySelector('button');if(!b)return;
      b.addEventListener('click',function(){
        var asc=th.getAttribute('aria-sort')!=='ascending';
        heads.forEach(function(h){h.removeAttribute('aria-sort');});
        th.setAttribute('aria-sort',asc?'ascending':'descending');
        var body=table.tBodies[0];var rows=Array.prototype.slice.call(body.rows);
        rows.sort(function(a,b){var x=key(a.cells[col]),y=key(b.cells[col]);
          if(typeof x!==typeof y){x=String(x);y=String(y);}return (x<y?-1:x>y?1:0)*(asc?1:-1);});
        rows.forEach(function(r){body.appendChild(r);});});});});
  var query=document.getElementById('filter-text'),only=document.getElementById('filter-class'),
      fixable=document.getElementById('filter-fixable'),shown=document.getElementById('filter-count');
  function apply(){var q=query?query.value.toLowerCase():'',c=only?only.value:'',f=fixable&&fixable.checked,n=0;
    document.querySelectorAll('table.sortable tbody tr').forEach(function(r){
      var ok=r.textContent.toLowerCase().indexOf(q)>=0&&(!c||r.getAttribute('data-class')===c)
        &&(!f||r.getAttribute('data-fixable')==='yes');
      r.hidden=!ok;if(ok)n++;});
    if(shown)shown.textContent=n+' shown';}
  [query,only,fixable].forEach(function(e){if(e){e.addEventListener('input',apply);e.addEventListener('change',apply);}});
  apply();
})();
"""


def _hash(content: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(content.encode("utf-8")).digest()).decode("ascii") + "'"


def html_page(title: str, subtitle: str, sections: Sequence[str], *, script: bool = False, footer: str = "") -> str:
    """The page; ``title`` and ``subtitle`` are escaped here, ``sections`` are already-escaped HTML."""
    policy = f"default-src 'none'; style-src {_hash(STYLE)}; img-src data:; base-uri 'none'; form-action 'none'"
    if script:
        policy += f"; script-src {_hash(SCRIPT)}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{for_markup(title)}</title>",
        f"<style>{STYLE}</style></head><body><main>",
        f"<h1>{for_markup(title)}</h1>",
        f'<p class="sub">{for_markup(subtitle)}</p>',
        *sections,
        f"<footer>{for_markup(footer)}</footer>" if footer else "",
        "</main>",
        f"<script>{SCRIPT}</script>" if script else "",
        "</body></html>",
    ]
    return "\n".join(part for part in parts if part) + "\n"


def section(heading: str, *content: str) -> str:
    return f"<section><h2>{for_markup(heading)}</h2>{''.join(content)}</section>"


def figures(items: Sequence[tuple[str, str]]) -> str:
    """Key figures as small cards: (value, what it is), both escaped."""
    cards = "".join(f'<div class="card"><b>{for_markup(v)}</b><span>{for_markup(w)}</span></div>' for v, w in items)
    return f'<div class="cards">{cards}</div>'


def paragraph(content: str) -> str:
    return f"<p>{for_markup(content)}</p>"


def notes(items: Sequence[str]) -> str:
    return '<ul class="notes">' + "".join(f"<li>{for_markup(item)}</li>" for item in items) + "</ul>"


def table(header: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool] = ()) -> str:
    """A static table; every cell is plain text, escaped here."""

    def cls(i: int) -> str:
        return ' class="num"' if i < len(numeric) and numeric[i] else ""

    head = "".join(f"<th{cls(i)}>{for_markup(h)}</th>" for i, h in enumerate(header))
    body = "".join(
        "<tr>" + "".join(f"<td{cls(i)}>{for_markup(c)}</td>" for i, c in enumerate(row)) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
