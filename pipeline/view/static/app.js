// assay view: every string from a record is model output, so it is inserted as text (never innerHTML).
"use strict";
const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...kids) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "onclick") node.addEventListener("click", v); else node.setAttribute(k, v);
  }
  for (const kid of kids.flat(Infinity)) {
    if (kid === null || kid === undefined || kid === false) continue;
    node.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  return node;
}

async function api(path) {
  const res = await fetch(path, {cache: "no-store"});
  const body = await res.json();
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

const text = (v) => (typeof v === "string" ? v : JSON.stringify(v, null, 2));
const short = (s, n) => (s && s.length > n ? s.slice(0, n - 1) + "…" : s || "");
const money = (v) => (v === null || v === undefined ? "unknown" : "$" + Number(v).toPrecision(3));

function fillSelect(sel, counts, label) {
  const keep = sel.value;
  sel.replaceChildren(el("option", {value: ""}, label));
  for (const [k, n] of Object.entries(counts)) sel.append(el("option", {value: k}, `${short(k, 60)} (${n})`));
  sel.value = keep in counts ? keep : "";
}

let selected = null;
async function loadList() {
  const p = new URLSearchParams();
  for (const k of ["status", "stage", "reason"]) if ($(k).value) p.set(k, $(k).value);
  if ($("q").value.trim()) p.set("q", $("q").value.trim());
  const data = await api("/api/records?" + p);
  fillSelect($("status"), data.statuses, "all");
  fillSelect($("stage"), data.stages, "any");
  fillSelect($("reason"), data.reasons, "any");
  $("count").textContent = `${data.matching} of ${data.total} records` +
    (data.matching > data.records.length ? ` (the first ${data.records.length} listed)` : "");
  $("rows").replaceChildren(...data.records.map((r) => el("tr", {
    class: "rec" + (r.id === selected ? " sel" : ""), "data-id": r.id, onclick: () => { location.hash = "record=" + encodeURIComponent(r.id); },
  }, el("td", {}, r.id), el("td", {class: r.status}, r.status),
     el("td", {}, r.stage ? el("b", {}, r.stage + ": ") : "", short(r.reason, 60)),
     el("td", {}, short(r.claim || r.question, 90)))));
}

function marked(source, evidence) {
  // The document's text with each located quote in a <mark>, built from text nodes.
  if (source.text === null) return el("p", {class: "muted"}, `source ${source.id} is not in the corpus`);
  const spans = [...source.spans].sort((a, b) => a[0] - b[0]);
  const pre = el("pre", {class: "source", "data-source": source.id});
  let at = 0;
  for (const [start, end, i] of spans) {
    if (start < at) continue;  // overlapping quotes: the first one is marked
    pre.append(source.text.slice(at, start), el("mark", {title: "evidence " + (i + 1)}, source.text.slice(start, end)));
    at = end;
  }
  pre.append(source.text.slice(at));
  return pre;
}

function usageLine(calls) {
  const tok = (calls || []).reduce((n, c) => n + (c.prompt_tokens || 0) + (c.completion_tokens || 0), 0);
  const cost = (calls || []).reduce((n, c) => (c.estimate && c.estimate.cost_usd != null ? (n || 0) + c.estimate.cost_usd : n), null);
  return calls && calls.length ? `${calls.length} call(s), ${tok} tokens, cost ${money(cost)}` : "no calls";
}

function verdicts(rec) {
  return el("table", {class: "verdicts"}, el("tr", {}, ["stage", "verdict", "score", "reason", "calls / tokens / cost"].map((h) => el("th", {}, h))),
    rec.verdicts.map((v) => el("tr", {}, el("td", {}, v.validator), el("td", {class: v.passed ? "pass" : "fail"}, v.passed ? "passed" : "rejected"),
      el("td", {}, v.score === null || v.score === undefined ? "" : String(v.score)), el("td", {}, v.reason), el("td", {}, usageLine(v.usage)))));
}

async function showRecord(id) {
  selected = id;
  for (const tr of document.querySelectorAll("tr.rec")) tr.classList.toggle("sel", tr.dataset.id === id);
  const data = await api("/api/record?id=" + encodeURIComponent(id));
  const rec = data.record, ins = rec.insight || {}, u = rec.usage || {};
  const parts = [
    el("h2", {}, rec.seed.id, " ", el("span", {class: rec.status}, rec.status)),
    rec.reason ? el("p", {}, rec.failed_stage ? el("b", {}, rec.failed_stage + ": ") : "", rec.reason) : null,
    el("p", {}, el("b", {}, "Question: "), rec.seed.question),
    el("p", {class: "muted"}, `${u.calls || 0} calls, ${u.prompt_tokens || 0} prompt + ${u.completion_tokens || 0} completion tokens, `,
       `${(u.wall_s || 0).toFixed(2)} s, cost ${money(u.cost_usd_est)} · ${rec.provenance.model} @ ${rec.provenance.endpoint}`),
    data.samples.length > 1 ? el("button", {id: "compare-btn", onclick: () => { location.hash = "compare=" + encodeURIComponent(data.seed); }},
      `compare the ${data.samples.length} samples of ${data.seed}`) : null,
    el("h2", {}, "Insight"),
    el("p", {class: "claim"}, el("b", {}, "Claim: "), ins.claim || "(none)"),
    ins.reasoning && ins.reasoning.length ? el("ol", {}, ins.reasoning.map((s) => el("li", {}, s))) : null,
    el("h3", {}, "Evidence"),
    el("ol", {class: "evidence"}, (ins.evidence || []).map((e) => el("li", {}, el("b", {}, e.source_id || "?"), e.ref ? ` (${e.ref})` : "", ": ",
      el("q", {}, e.quote), e.found ? "" : el("span", {class: "fail"}, " — not found in the source")))),
    el("h3", {}, "Sources"), data.corpus_note ? el("p", {class: "muted"}, data.corpus_note) : null,
    data.sources.map((s) => [el("div", {class: "role"}, s.id), marked(s)]),
    el("h2", {}, "Verdicts"), verdicts(rec),
    el("h2", {}, "Trace (plan and steps)"),
    rec.messages.map((m) => el("div", {class: "msg"}, el("div", {class: "role"}, m.role), el("pre", {}, text(m.content)))),
    el("h2", {}, "Tool calls"),
    rec.tool_calls.length ? el("table", {class: "tools"}, el("tr", {}, ["step", "tool", "input", "output"].map((h) => el("th", {}, h))),
      rec.tool_calls.map((t) => el("tr", {}, el("td", {}, String(t.step)), el("td", {class: t.error ? "fail" : ""}, t.tool),
        el("td", {}, el("pre", {}, text(t.input))), el("td", {}, el("pre", {}, t.output))))) : el("p", {class: "muted"}, "none"),
    el("h2", {}, "Calls"),
    el("table", {}, el("tr", {}, ["role", "step", "prompt", "completion", "wall s", "cost"].map((h) => el("th", {}, h))),
      rec.calls.map((c) => el("tr", {}, el("td", {}, c.role), el("td", {}, c.step ?? ""), el("td", {}, c.prompt_tokens), el("td", {}, c.completion_tokens),
        el("td", {}, c.wall_s.toFixed(2)), el("td", {}, money(c.estimate && c.estimate.cost_usd))))),
    rec.notes.length ? [el("h2", {}, "Notes"), el("ul", {}, rec.notes.map((n) => el("li", {}, n)))] : null,
  ];
  $("detail").replaceChildren(el("div", {id: "trace"}, parts));
}

async function showCompare(seed) {
  const data = await api("/api/compare?seed=" + encodeURIComponent(seed));
  $("detail").replaceChildren(el("h2", {}, `Samples of ${seed}`), el("div", {id: "compare"}, data.records.map((r) => el("div", {class: "col", "data-id": r.seed.id},
    el("h3", {}, el("a", {href: "#record=" + encodeURIComponent(r.seed.id)}, r.seed.id), " ", el("span", {class: r.status}, r.status)),
    r.reason ? el("p", {}, r.failed_stage ? el("b", {}, r.failed_stage + ": ") : "", r.reason) : null,
    el("p", {}, el("b", {}, "Claim: "), (r.insight && r.insight.claim) || "(none)"),
    el("ol", {}, ((r.insight && r.insight.evidence) || []).map((e) => el("li", {}, el("b", {}, e.source_id), ": ", el("q", {}, e.quote)))),
    el("ul", {}, r.verdicts.map((v) => el("li", {class: v.passed ? "pass" : "fail"}, `${v.validator}: ${v.passed ? "passed" : "rejected"}`, v.reason ? " — " + v.reason : ""))),
    el("p", {class: "muted"}, `${(r.usage.prompt_tokens || 0) + (r.usage.completion_tokens || 0)} tokens, cost ${money(r.usage.cost_usd_est)}`)))));
}

function route() {
  const h = decodeURIComponent(location.hash.slice(1));
  const show = h.startsWith("record=") ? showRecord(h.slice(7)) : h.startsWith("compare=") ? showCompare(h.slice(8)) : null;
  if (show) show.catch((e) => $("detail").replaceChildren(el("p", {class: "fail"}, String(e.message))));
}

const list = () => loadList().catch((e) => { $("count").textContent = "cannot list records: " + e.message; });
for (const id of ["status", "stage", "reason"]) $(id).addEventListener("change", list);
let typing;
$("q").addEventListener("input", () => { clearTimeout(typing); typing = setTimeout(list, 200); });
window.addEventListener("hashchange", route);
list().then(route);
setInterval(list, 5000);  // a run still going: its new records appear without a reload
