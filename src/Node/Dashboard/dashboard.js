// The node dashboard (docs/node.md, "The dashboard"): reads the node API that served this page and draws it.
// No framework, no build step. Everything from the network is written with textContent, never as HTML.
"use strict";

const TOKEN_KEY = "zetina-api-token";
const MAX_JOB_ROWS = 100;
const STATUS_EVERY_MS = 2000;
const PEERS_EVERY_MS = 5000;
const SETTLEMENTS_EVERY_MS = 2000;
const THROUGHPUT_SAMPLES = 300;       // 10 minutes at one sample per 2 s
const THROUGHPUT_WINDOW_MS = 30000;   // the rate at a sample: steps proved over the 30 s before it
const FINAL = new Set(["settled", "expired", "rejected", "failed"]);

/** @type {Map<string, {id: string, events: object[], state: string, expanded: boolean}>} */
const jobs = new Map();
/** The registry's settlements by job id. */
const settlements = new Map();
/** @type {{t: number, steps: number}[]} */
const samples = [];
let me = null;

// A read token arrives in the fragment (#token=…), which the browser never sends to a server; it is kept in this
// tab's sessionStorage and the fragment is removed from the address bar.
(function takeToken() {
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (!m) return;
  sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(m[1]));
  history.replaceState(null, "", location.pathname + location.search);
})();

function headers(extra) {
  const h = Object.assign({}, extra);
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) h.Authorization = "Bearer " + token;
  return h;
}

function $(id) { return document.getElementById(id); }

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

function short(hex) {
  if (typeof hex !== "string") return "";
  return hex.length > 14 ? hex.slice(0, 8) + "…" + hex.slice(-4) : hex;
}

function sleep(ms) { return new Promise(resolve => setTimeout(resolve, ms)); }

function showProblem(text) {
  const p = $("problem");
  p.textContent = text;
  p.hidden = !text;
}

class Unauthorized extends Error {}

async function getJson(path) {
  const r = await fetch(path, { headers: headers({ Accept: "application/json" }), cache: "no-store" });
  if (r.status === 401) throw new Unauthorized(path);
  if (!r.ok) {
    let detail = String(r.status);
    try { detail = (await r.json()).detail || detail; } catch { /* not problem+json */ }
    throw new Error(detail);
  }
  return r.json();
}

function reportFailure(what, e) {
  if (e instanceof Unauthorized)
    showProblem("This node's API needs its token for reads: open this page as …/#token=TOKEN " +
      "(the token is DATA_DIR/api-token, or the file given with --api-token-file).");
  else showProblem(what + ": " + e.message);
}

// ---- jobs, from the node-wide event stream -------------------------------------------------------------------

/** Follows GET /v1/events forever, resuming with Last-Event-ID; fetch, not EventSource, so a token can be sent. */
async function followEvents() {
  let last = 0;
  let delay = 500;
  for (;;) {
    try {
      const h = headers({ Accept: "text/event-stream" });
      if (last > 0) h["Last-Event-ID"] = String(last);
      const r = await fetch("/v1/events", { headers: h, cache: "no-store" });
      if (r.status === 401) throw new Unauthorized("/v1/events");
      if (!r.ok || !r.body) throw new Error("the event stream answered " + r.status);
      $("stream").textContent = "live";
      delay = 500;
      const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value.replace(/\r\n?/g, "\n");
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const ev = parseEvent(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (ev && ev.sequence > last) {
            last = ev.sequence;
            onEvent(ev);
          }
        }
      }
    } catch (e) {
      reportFailure("event stream", e);
    }
    $("stream").textContent = "reconnecting";
    await sleep(delay);
    delay = Math.min(delay * 2, 10000);
  }
}

/** One SSE block (WHATWG HTML §9.2.6): its data lines joined, parsed as the node's JobEventDto. */
function parseEvent(block) {
  const data = [];
  for (const line of block.split("\n"))
    if (line.startsWith("data:")) data.push(line.slice(line.startsWith("data: ") ? 6 : 5));
  if (data.length === 0) return null;
  try { return JSON.parse(data.join("\n")); } catch { return null; }
}

/** An event's detail as shown: the executor's progress reports carry a fraction that its prover leaves at 0 %. */
function detailText(ev) {
  return ev.detail ? ev.detail.replace(/ 0 ?%$/, "") : "";
}

function onEvent(ev) {
  let job = jobs.get(ev.job);
  if (!job) {
    job = { id: ev.job, events: [], state: "published", expanded: false };
    jobs.set(ev.job, job);
  }
  job.events.push(ev);
  // A final state stays: a progress report that arrives after the settlement does not reopen the job.
  if (!FINAL.has(job.state)) job.state = ev.type;
  scheduleRender();
}

function stateOf(job) {
  return settlements.has(job.id) ? "settled" : job.state;
}

/** The paid executor: the registry's settlement, else the node's own settled event ("executor=0x…" or "executor 0x… was paid"). */
function executorOf(job) {
  const s = settlements.get(job.id);
  if (s && s.executor) return s.executor;
  for (const e of job.events) {
    const m = e.type === "settled" && e.detail ? /executor[= ](0x[0-9a-f]+)/.exec(e.detail) : null;
    if (m) return m[1];
  }
  if (job.state === "settled" && me && job.events.some(e => e.type === "settled" && !e.detail)) return me.address;
  return null;
}

function outputOf(job) {
  const s = settlements.get(job.id);
  if (s) return s.output.join(", ");
  for (const e of job.events) {
    const m = e.type === "settled" && e.detail ? /output=([0-9a-fx,]*)/.exec(e.detail) : null;
    if (m) return m[1].split(",").filter(x => x).join(", ");
  }
  return "";
}

function stateLabel(job) {
  const state = stateOf(job);
  if (state !== "settled" || !me) return state;
  const paid = executorOf(job);
  if (!paid) return state;
  if (paid === me.address) return "settled · won";
  return job.events.some(e => e.type === "heard") ? "settled · lost" : "settled";
}

let renderPending = false;
function scheduleRender() {
  if (renderPending) return;
  renderPending = true;
  setTimeout(() => { renderPending = false; renderJobs(); }, 100);
}

function renderJobs() {
  const list = [...jobs.values()].sort((a, b) => b.events[0].sequence - a.events[0].sequence).slice(0, MAX_JOB_ROWS);
  const body = document.createElement("tbody");
  for (const job of list) {
    const last = job.events[job.events.length - 1];
    const state = stateOf(job);
    const row = el("tr", null, "job");
    row.dataset.jobId = job.id;
    row.dataset.state = state;
    row.tabIndex = 0;
    const id = el("td", short(job.id), "id");
    id.title = job.id;
    id.dataset.label = "job";
    row.append(id);
    const badge = el("span", stateLabel(job), "badge " + state);
    const st = el("td", null, "state");
    st.dataset.label = "state";
    st.append(badge);
    row.append(st);
    const step = el("td", last.type + (detailText(last) ? " — " + detailText(last) : ""), "step");
    step.dataset.label = "last step";
    row.append(step);
    const out = el("td", outputOf(job), "output");
    out.dataset.label = "output";
    row.append(out);
    const paid = executorOf(job);
    const ex = el("td", paid ? (me && paid === me.address ? "this node" : short(paid)) : "", "executor");
    if (paid) ex.title = paid;
    ex.dataset.label = "executor";
    row.append(ex);
    const toggle = () => { job.expanded = !job.expanded; renderJobs(); };
    row.addEventListener("click", toggle);
    row.addEventListener("keydown", e => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); toggle(); } });
    body.append(row);
    if (job.expanded) body.append(timelineRow(job));
  }
  $("jobs").tBodies[0].replaceWith(body);
  $("jobs-empty").hidden = jobs.size > 0;
  $("job-count").textContent = jobs.size > 0 ? "(" + jobs.size + ")" : "";
}

/** The job's events as a list, each with its time after the first. */
function timelineRow(job) {
  const row = el("tr", null, "timeline");
  row.dataset.jobId = job.id;
  const cell = el("td");
  cell.colSpan = 5;
  const list = el("ol");
  const t0 = Date.parse(job.events[0].at);
  for (const e of job.events) {
    const item = el("li", null, e.type);
    item.append(el("span", "+" + ((Date.parse(e.at) - t0) / 1000).toFixed(2) + " s", "at"));
    item.append(el("span", e.type, "type"));
    if (detailText(e)) item.append(el("span", detailText(e), "detail"));
    list.append(item);
  }
  const s = settlements.get(job.id);
  if (s) {
    const item = el("li", null, "registry");
    item.append(el("span", "registry", "at"));
    item.append(el("span", "paid", "type"));
    item.append(el("span", `executor ${s.executor}, reward ${s.reward} (fee ${s.fee}), ${s.n_steps} steps, proof ${short(s.proof_hash)}`, "detail"));
    list.append(item);
  }
  cell.append(list);
  row.append(cell);
  return row;
}

// ---- status and throughput -----------------------------------------------------------------------------------

async function pollStatus() {
  for (;;) {
    try {
      const s = await getJson("/v1/status");
      me = s;
      $("peer-id").textContent = s.peer_id;
      $("address").textContent = short(s.address);
      $("address").title = s.address;
      $("role").textContent = s.role;
      samples.push({ t: Date.now(), steps: s.steps_proved });
      if (samples.length > THROUGHPUT_SAMPLES) samples.shift();
      $("throughput-summary").textContent =
        `${s.steps_proved.toLocaleString("en")} steps proved in ${s.proving_seconds.toFixed(1)} s of proving ` +
        `(${Math.round(s.steps_per_second).toLocaleString("en")} steps/s while proving)`;
      drawThroughput();
      showProblem("");
    } catch (e) {
      reportFailure("status", e);
    }
    await sleep(STATUS_EVERY_MS);
  }
}

/** Steps proved per second at each sample, over the window before it. */
function rates() {
  const points = [];
  let j = 0;
  for (let i = 1; i < samples.length; i++) {
    while (samples[i].t - samples[j].t > THROUGHPUT_WINDOW_MS) j++;
    const k = j === i ? i - 1 : j;
    const dt = (samples[i].t - samples[k].t) / 1000;
    points.push({ t: samples[i].t, rate: dt > 0 ? (samples[i].steps - samples[k].steps) / dt : 0 });
  }
  return points;
}

const SVG = "http://www.w3.org/2000/svg";
function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

function drawThroughput() {
  const plot = $("throughput");
  // The drawing's units are the element's pixels, so the labels keep their shape at any width.
  const W = Math.max(300, Math.round(plot.clientWidth || 600)), H = 180, left = 56, right = 8, top = 10, bottom = 24;
  plot.setAttribute("viewBox", `0 0 ${W} ${H}`);
  plot.replaceChildren();
  const points = rates();
  const max = Math.max(1, ...points.map(p => p.rate));
  const t1 = samples.length ? samples[samples.length - 1].t : Date.now();
  const t0 = samples.length ? samples[0].t : t1;
  const span = Math.max(1, t1 - t0);
  const x = t => left + (W - left - right) * (t - t0) / span;
  const y = r => top + (H - top - bottom) * (1 - r / max);
  for (const f of [0, 0.5, 1]) {
    plot.append(svg("line", { x1: left, x2: W - right, y1: y(max * f), y2: y(max * f), class: "grid" }));
    plot.append(svg("text", { x: left - 4, y: y(max * f) + 4, class: "axis", "text-anchor": "end" }, Math.round(max * f).toLocaleString("en")));
  }
  plot.append(svg("text", { x: left, y: H - 6, class: "axis" }, "−" + Math.round(span / 1000) + " s"));
  plot.append(svg("text", { x: W - right, y: H - 6, class: "axis", "text-anchor": "end" }, "now · steps/s"));
  if (points.length > 0)
    plot.append(svg("polyline", { class: "rate", points: points.map(p => `${x(p.t).toFixed(1)},${y(p.rate).toFixed(1)}`).join(" ") }));
}

// ---- peers and settlements -----------------------------------------------------------------------------------

async function pollPeers() {
  for (;;) {
    try {
      const { peers } = await getJson("/v1/peers");
      const body = document.createElement("tbody");
      for (const p of peers) {
        const row = el("tr", null, "peer");
        for (const [label, text] of [["peer id", p.peer_id], ["address", p.address], ["dialled", p.outbound ? "by us" : "by them"]]) {
          const cell = el("td", text);
          cell.dataset.label = label;
          row.append(cell);
        }
        body.append(row);
      }
      $("peers").tBodies[0].replaceWith(body);
      $("peer-count").textContent = "(" + peers.length + ")";
    } catch (e) {
      reportFailure("peers", e);
    }
    await sleep(PEERS_EVERY_MS);
  }
}

async function pollSettlements() {
  for (;;) {
    try {
      const list = (await getJson("/v1/settlements")).settlements;
      const body = document.createElement("tbody");
      for (let i = list.length - 1; i >= 0; i--) {
        const s = list[i];
        settlements.set(s.job_id, s);
        const row = el("tr", null, "settlement");
        row.dataset.jobId = s.job_id;
        const cells = [["#", s.sequence], ["job", short(s.job_id)], ["executor", short(s.executor)], ["reward", s.reward],
          ["steps", s.n_steps], ["output", s.output.map(short).join(", ")]];
        for (const [label, text] of cells) {
          const cell = el("td", text);
          cell.dataset.label = label;
          row.append(cell);
        }
        body.append(row);
      }
      $("settlements").tBodies[0].replaceWith(body);
      scheduleRender();
    } catch (e) {
      reportFailure("registry settlements", e);
    }
    await sleep(SETTLEMENTS_EVERY_MS);
  }
}

followEvents();
pollStatus();
pollPeers();
pollSettlements();
