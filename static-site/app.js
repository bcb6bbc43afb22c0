// ImageSearch page. `state` is what the page shows; event handlers change it through `update`, and `render` draws
// it. HTTP lives in api.js. New features (uploads, feedback, "more like this") add a handler, a state field and a
// piece of render.
import { api, apiUrl } from "./api.js";

const config = window.IMAGESEARCH_CONFIG ?? {};
const TOP = Number(config.top) || 10;
const MAX_CARDS = 10;

const els = Object.fromEntries(["search-form", "query", "search", "cancel", "reset", "status", "error", "results"]
  .map((id) => [id.replace(/-(\w)/g, (_, c) => c.toUpperCase()), document.getElementById(id)]));

const state = {
  phase: "idle", // idle | busy | done | cancelled | restored | reset | failed
  query: "",
  response: null, // the last search response (or a restored session), drawn as the gallery
  elapsedMs: 0,
  serverTiming: [],
  error: null,
};
let inFlight = null; // AbortController of the running search
let drawnResults;

function update(changes) {
  Object.assign(state, changes);
  render();
}

// ---- rendering ----------------------------------------------------------------------------------------------------

function render() {
  const busy = state.phase === "busy";
  document.body.classList.toggle("is-busy", busy);
  els.search.disabled = busy;
  els.search.textContent = busy ? "Searching…" : "Search";
  els.cancel.hidden = !busy;
  els.results.setAttribute("aria-busy", String(busy));
  els.status.textContent = statusText();
  els.error.textContent = state.error ?? "";
  els.error.hidden = !state.error;

  const results = state.response?.results ?? null;
  if (results !== drawnResults) {
    drawnResults = results;
    els.results.replaceChildren(...gallery(results));
  }
}

function statusText() {
  const { phase, query, response } = state;
  switch (phase) {
    case "busy": return `Searching for “${query}”…`;
    case "cancelled": return "Search cancelled.";
    case "reset": return "Session reset. Start a new search.";
    case "restored": return `Your last search: “${response.query}”.`;
    case "done": return searchSummary();
    default: return "";
  }
}

function searchSummary() {
  const { query, effectiveQuery, results = [], ranking, candidates } = state.response;
  const shown = Math.min(results.length, MAX_CARDS);
  const parts = [];
  parts.push(shown ? `${shown} result${shown === 1 ? "" : "s"} for “${effectiveQuery || query}”`
    : `No results for “${effectiveQuery || query}”`);
  if (effectiveQuery && effectiveQuery !== query) parts[0] += ` (you typed “${query}”)`;
  if (ranking) {
    const models = ranking.models?.length ? `: ${ranking.models.join(", ")}` : "";
    parts.push(`ranked by ${ranking.tier}${models}`);
  }
  if (Number.isFinite(candidates)) parts.push(`${candidates} candidates`);
  const server = state.serverTiming.filter((m) => m.dur !== null).map((m) => `${m.name} ${Math.round(m.dur)} ms`);
  parts.push(`${Math.round(state.elapsedMs)} ms${server.length ? ` (server: ${server.join(", ")})` : ""}`);
  return parts.join(" · ");
}

function gallery(results) {
  if (results === null) return [];
  if (results.length === 0) {
    return [el("div", { className: "empty", "data-testid": "empty" },
      el("p", { className: "empty-title" }, "No results"),
      el("p", {}, "Try other words, or describe the colours and shapes you are looking for."))];
  }
  return [el("ol", { className: "gallery" }, ...results.slice(0, MAX_CARDS).map(card))];
}

function card(hit) {
  const img = el("img", { src: apiUrl(hit.imageUrl ?? ""), alt: hit.title ?? "", loading: "lazy", decoding: "async" });
  const item = el("li", { className: "result", "data-testid": "result", "data-id": hit.id ?? "" },
    el("div", { className: "result-image" }, img),
    el("div", { className: "result-body" },
      el("h3", { className: "result-title" }, hit.title || "Untitled"),
      hit.description ? el("p", { className: "result-description" }, hit.description) : null,
      el("p", { className: "result-meta" },
        el("span", { title: "Cosine similarity between the query and the image, from -1 to 1" },
          "Score ", el("span", { className: "result-score" }, formatScore(hit.score))),
        hit.source ? el("span", { className: "result-source" }, hit.source) : null)));
  img.addEventListener("error", () => item.classList.add("is-broken"), { once: true });
  return item;
}

const formatScore = (score) => (typeof score === "number" ? score.toFixed(3) : "–");

/** el("p", { className: "x", "data-id": 1 }, "text", childNode, null) - text is always set as text, never as HTML. */
function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key.includes("-")) node.setAttribute(key, value); else node[key] = value;
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

// ---- actions ------------------------------------------------------------------------------------------------------

async function search(query) {
  inFlight?.abort();
  const controller = new AbortController();
  inFlight = controller;
  const started = performance.now();
  update({ phase: "busy", query, error: null });
  if (document.activeElement === els.search) els.cancel.focus();
  try {
    const { data, serverTiming } = await api.search(query, TOP, controller.signal);
    if (inFlight !== controller) return; // superseded by a newer search
    update({ phase: "done", response: data, serverTiming, elapsedMs: performance.now() - started });
  } catch (err) {
    if (inFlight !== controller) return; // superseded
    if (err.name === "AbortError") update({ phase: "cancelled" });
    else update({ phase: "failed", error: err.message });
  } finally {
    if (inFlight === controller) inFlight = null;
    if (document.activeElement === els.cancel || document.activeElement === document.body) els.query.focus();
  }
}

async function reset() {
  inFlight?.abort();
  els.reset.disabled = true;
  try {
    await api.reset();
    els.query.value = "";
    update({ phase: "reset", query: "", response: null, error: null });
    els.query.focus();
  } catch (err) {
    update({ phase: "failed", error: err.message });
  } finally {
    els.reset.disabled = false;
  }
}

async function restore() {
  try {
    const session = await api.currentSession();
    if (session?.query && state.phase === "idle") { // unless the user already started something
      els.query.value = session.query;
      update({ phase: "restored", query: session.query, response: { query: session.query, results: session.results ?? [] } });
    }
  } catch (err) {
    update({ phase: "failed", error: err.message });
  }
}

els.searchForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const query = els.query.value.trim();
  if (!query) {
    update({ error: "Type a few words describing the image you are looking for." });
    els.query.focus();
    return;
  }
  search(query);
});
els.cancel.addEventListener("click", () => inFlight?.abort());
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && inFlight) {
    event.preventDefault(); // Escape cancels the search instead of clearing the search box
    inFlight.abort();
  }
});
els.reset.addEventListener("click", reset);

render();
restore();
