// chronos inspect: a read-only view of stored agent state. Every stored value is hostile input: it reaches the page
// only as text nodes (textContent), never as markup, and the server's Content-Security-Policy allows this script only.
"use strict";

const view = document.getElementById("view");
const agentSelect = document.getElementById("agent");
const crumbs = document.getElementById("crumbs");
let agents = [];

// el("td", {class: "id"}, "text", child): strings become text nodes, never HTML.
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null) continue;
    if (name === "class") node.className = value;
    else if (name === "dataset") Object.assign(node.dataset, value);
    else if (name === "style") Object.assign(node.style, value);
    else if (name === "onclick" || name === "onchange") node[name] = value;
    else node.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function route(name, params) { return "#" + name + "?" + new URLSearchParams(params).toString(); }
function link(text, name, params) { return el("a", { href: route(name, params) }, text); }
function json(value) { return value === undefined ? "" : JSON.stringify(value, null, 2); }

async function api(path, params) {
  const response = await fetch("api/" + path + "?" + new URLSearchParams(params).toString(), { headers: { accept: "application/json" } });
  const body = await response.json().catch(() => ({ error: "HTTP " + response.status }));
  if (!response.ok) throw new Error(body.error || ("HTTP " + response.status));
  return body;
}

// Stored times are ISO 8601 with up to microseconds; Date keeps milliseconds, so the fraction is read by hand.
function micros(text) {
  if (!text) return null;
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,7}))?/.exec(text);
  if (!match) return Date.parse(text) * 1000;
  return Date.parse(match[1] + "Z") * 1000 + Number(((match[2] || "") + "000000").slice(0, 6));
}
function duration(us) {
  if (us === 0) return "0";
  if (us < 1000) return us + " µs";
  if (us < 1e6) return (us / 1000).toFixed(us < 1e4 ? 2 : 1) + " ms";
  return (us / 1e6).toFixed(us < 1e7 ? 3 : 1) + " s";
}
function time(text) { return text ? text.replace("T", " ").replace(/Z$/, " UTC") : ""; }

function show(...nodes) { view.replaceChildren(...nodes); }
function setCrumbs(...parts) { crumbs.replaceChildren(...parts.flatMap((p, i) => i ? [" / ", p] : [p])); }

async function sessionsView(p) {
  const limit = 50, offset = Number(p.get("offset") || 0);
  const sessions = await api("sessions", { agent: p.get("agent"), limit, offset });
  setCrumbs(link("sessions", "sessions", { agent: p.get("agent") }));
  const rows = sessions.map(s => el("tr", { class: "session-row", dataset: { id: s.id } },
    el("td", { class: "id" }, link(s.id, "session", { agent: p.get("agent"), id: s.id })),
    el("td", {}, s.user_id), el("td", {}, s.status), el("td", {}, time(s.created_at)), el("td", {}, time(s.updated_at)),
    el("td", {}, s.version), el("td", {}, el("pre", {}, JSON.stringify(s.metadata)))));
  const pager = el("div", { class: "controls" },
    offset > 0 ? link("← newer", "sessions", { agent: p.get("agent"), offset: Math.max(0, offset - limit) }) : null,
    el("span", { class: "muted" }, `sessions ${sessions.length ? offset + 1 : 0}–${offset + sessions.length}`),
    sessions.length === limit ? link("older →", "sessions", { agent: p.get("agent"), offset: offset + limit }) : null);
  show(el("h2", {}, "Sessions of ", p.get("agent")),
    el("table", { id: "sessions" }, el("thead", {}, el("tr", {}, ["id", "user", "status", "created", "updated", "version", "metadata"].map(h => el("th", {}, h)))),
      el("tbody", {}, rows.length ? rows : el("tr", {}, el("td", { colspan: 7, class: "muted" }, "no sessions")))),
    pager);
}

async function sessionView(p) {
  const agent = p.get("agent"), id = p.get("id"), tab = p.get("tab") || "timeline";
  const session = await api("session", { agent, session: id });
  setCrumbs(link("sessions", "sessions", { agent }), link(id, "session", { agent, id }));
  const tabs = el("div", { class: "tabs" }, ["timeline", "checkpoints", "traces"].map(t =>
    el("a", { href: route("session", { agent, id, tab: t }), class: t === tab ? "active" : "", id: "tab-" + t }, t)));
  const fields = el("div", { class: "fields" },
    ["user", session.user_id, "status", session.status, "created", time(session.created_at), "updated", time(session.updated_at),
     "version", session.version].map(v => el("span", {}, v)),
    el("span", {}, "metadata"), el("pre", { id: "session-metadata" }, json(session.metadata)));
  const body = el("div", { id: "tab-body" });
  show(el("h2", { id: "session-id" }, "Session ", id), fields, tabs, body);
  if (tab === "checkpoints") await checkpointsTab(body, agent, id);
  else if (tab === "traces") await tracesTab(body, agent, id);
  else await timelineTab(body, agent, id);
}

async function timelineTab(body, agent, session) {
  const list = el("ol", { class: "timeline", id: "timeline" });
  const more = el("button", {}, "load more");
  let after = 0, first = null;
  async function page() {
    const events = await api("events", { agent, session, after, limit: 500 });
    for (const e of events) {
      first = first ?? micros(e.created_at);
      list.append(el("li", { class: "event", dataset: { seq: e.seq_num } },
        el("div", { class: "head" }, el("strong", {}, "#" + e.seq_num), el("span", { class: "badge" }, e.type),
          el("span", { class: "muted" }, time(e.created_at), " (+", duration(micros(e.created_at) - first), ")"), el("span", { class: "muted id" }, e.id)),
        e.payload === null || e.payload === undefined ? null : el("pre", {}, json(e.payload))));
      after = e.seq_num;
    }
    more.hidden = events.length < 500;
    if (!list.children.length) list.append(el("li", { class: "muted" }, "no events"));
  }
  more.onclick = () => page().catch(fail);
  await page();
  body.replaceChildren(list, more);
}

async function checkpointsTab(body, agent, session) {
  const checkpoints = await api("checkpoints", { agent, session });
  if (!checkpoints.length) { body.replaceChildren(el("p", { class: "muted" }, "no checkpoints")); return; }
  const options = () => checkpoints.map(c => el("option", { value: c.id }, `#${c.seq_num} ${c.id}`));
  const from = el("select", { id: "diff-from" }, options()), to = el("select", { id: "diff-to" }, options());
  from.selectedIndex = Math.min(1, checkpoints.length - 1);   // newest first: compare the one before with the latest
  to.selectedIndex = 0;
  const compare = el("button", { id: "compare", onclick: () => { location.hash = route("diff", { agent, session, a: from.value, b: to.value }); } }, "compare");
  body.replaceChildren(el("div", { class: "controls" }, "from", from, "to", to, compare),
    el("table", { id: "checkpoints" }, el("thead", {}, el("tr", {}, ["seq", "id", "run", "node", "created", "keys"].map(h => el("th", {}, h)))),
      el("tbody", {}, checkpoints.map(c => el("tr", { class: "checkpoint-row", dataset: { id: c.id } },
        el("td", {}, c.seq_num), el("td", { class: "id" }, link(c.id, "checkpoint", { agent, session, id: c.id })), el("td", {}, c.run_id),
        el("td", {}, c.node_id), el("td", {}, time(c.created_at)), el("td", {}, Object.keys(c.state || {}).length))))));
}

async function checkpointView(p) {
  const agent = p.get("agent"), session = p.get("session"), id = p.get("id");
  const c = await api("checkpoint", { agent, id });
  setCrumbs(link("sessions", "sessions", { agent }), link(c.session_id, "session", { agent, id: c.session_id, tab: "checkpoints" }), link(id, "checkpoint", { agent, session, id }));
  show(el("h2", {}, "Checkpoint ", id),
    el("div", { class: "fields" }, ["session", c.session_id, "seq", c.seq_num, "run", c.run_id, "node", c.node_id, "created", time(c.created_at)].map(v => el("span", {}, v))),
    el("pre", { id: "checkpoint-state", class: "fields" }, json(c.state)));
}

async function diffView(p) {
  const agent = p.get("agent"), session = p.get("session");
  const diff = await api("diff", { agent, a: p.get("a"), b: p.get("b") });
  setCrumbs(link("sessions", "sessions", { agent }), link(session, "session", { agent, id: session, tab: "checkpoints" }), "diff");
  const rows = diff.changes.map(d => el("tr", { class: "diff-row " + d.kind, dataset: { path: d.path, kind: d.kind } },
    el("td", { class: "kind" }, d.kind), el("td", { class: "id" }, el("code", {}, d.path)),
    el("td", {}, el("pre", {}, d.kind === "added" ? "" : json(d.before))), el("td", {}, el("pre", {}, d.kind === "removed" ? "" : json(d.after)))));
  show(el("h2", {}, "Checkpoint ", diff.before, " (#", diff.before_seq_num, ") → ", diff.after, " (#", diff.after_seq_num, ")"),
    el("p", { class: "muted" }, diff.changes.length ? `${diff.changes.length} difference(s)` : "the states are equal"),
    el("table", { class: "diff", id: "diff" }, el("thead", {}, el("tr", {}, ["change", "path", "before", "after"].map(h => el("th", {}, h)))), el("tbody", {}, rows)));
}

// The waterfall: one row per span in depth-first order (children by start time under their parent), the label indented
// by depth, the bar placed on a shared time axis (left = start offset, width = duration, both as % of the whole).
async function tracesTab(body, agent, session) {
  const spans = await api("traces", { agent, session });
  if (!spans.length) { body.replaceChildren(el("p", { class: "muted" }, "no traces")); return; }
  const byId = new Map(spans.map(s => [s.id, { span: s, start: micros(s.started_at), end: micros(s.ended_at), children: [] }]));
  const roots = [];
  for (const node of byId.values()) {
    const parent = node.span.parent_id ? byId.get(node.span.parent_id) : null;
    (parent && parent !== node ? parent.children : roots).push(node);
  }
  const t0 = Math.min(...[...byId.values()].map(n => n.start));
  const t1 = Math.max(...[...byId.values()].map(n => n.end ?? n.start));
  const total = Math.max(1, t1 - t0);
  const rows = [], seen = new Set();
  const order = (a, b) => a.start - b.start || (a.span.id < b.span.id ? -1 : 1);
  (function walk(nodes, depth) {
    for (const node of nodes.sort(order)) {
      if (seen.has(node)) continue;   // a parent cycle in stored data is drawn once, not forever
      seen.add(node);
      const end = node.end ?? t1, s = node.span;
      const failed = s.error !== null && s.error !== undefined;
      rows.push(el("div", { class: "wf-row", dataset: { id: s.id } },
        el("div", { class: "wf-label", style: { paddingLeft: (8 + depth * 18) + "px" }, title: s.id }, s.name, " ", el("span", { class: "muted" }, s.kind)),
        el("div", { class: "wf-track" }, el("div", {
          class: "wf-bar " + s.kind + (failed ? " failed" : "") + (node.end === null ? " running" : ""),
          dataset: { id: s.id, parent: s.parent_id ?? "", depth, startUs: node.start - t0, durationUs: end - node.start },
          style: { left: ((node.start - t0) / total * 100) + "%", width: ((end - node.start) / total * 100) + "%" },
          title: `${s.name} (${s.kind}) ${duration(end - node.start)} from +${duration(node.start - t0)}${node.end === null ? ", running" : ""}${failed ? "\nerror: " + s.error : ""}`,
        }))));
      walk(node.children, depth + 1);
    }
  })(roots, 0);
  const axis = el("div", { class: "wf-row wf-axis" }, el("div", { class: "wf-label muted" }, "span"),
    el("div", { class: "wf-track" }, [0, 0.25, 0.5, 0.75].map(f => el("span", { class: "wf-tick", style: { left: f * 100 + "%" } }, "+" + duration(Math.round(total * f))))));
  body.replaceChildren(el("p", { class: "muted" }, `${spans.length} span(s) over ${duration(total)}`), el("div", { class: "waterfall", id: "waterfall" }, axis, rows));
}

function fail(error) { show(el("p", { class: "error", id: "error" }, String(error.message || error))); }

async function render() {
  const [name, query] = location.hash.slice(1).split("?");
  const p = new URLSearchParams(query || "");
  if (!p.get("agent")) p.set("agent", agentSelect.value);
  agentSelect.value = p.get("agent");
  const agent = agents.find(a => a.id === p.get("agent"));
  document.getElementById("backend").textContent = agent ? `${agent.backend}: ${agent.location}` : "";
  try {
    if (name === "session") await sessionView(p);
    else if (name === "checkpoint") await checkpointView(p);
    else if (name === "diff") await diffView(p);
    else await sessionsView(p);
    document.body.dataset.ready = location.hash || "#";   // tests wait for this
  } catch (error) {
    fail(error);
    document.body.dataset.ready = location.hash || "#";
  }
}

async function start() {
  try {
    agents = await api("agents", {});
  } catch (error) { fail(error); return; }
  agentSelect.replaceChildren(...agents.map(a => el("option", { value: a.id }, a.id)));
  agentSelect.onchange = () => { location.hash = route("sessions", { agent: agentSelect.value }); };
  window.addEventListener("hashchange", render);
  await render();
}
start();
