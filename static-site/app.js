// ImageSearch page. `state` is what the page shows; actions change it through `update`, and `render` draws it with
// the panels' own render functions: uploads.js (your images), controls.js (filter, cut, order), refine.js (effective
// query, feedback, history, undo), gallery.js (results), status.js (busy state, summary, timings, the cut). HTTP lives
// in api.js.
import { api } from "./api.js";
import { createControls } from "./controls.js";
import { byIds, quoted } from "./dom.js";
import { createGallery } from "./gallery.js";
import { createRefinePanel } from "./refine.js";
import { cutText, sourcesText, stagesText, statusText, timingsText } from "./status.js";
import { createUploads } from "./uploads.js";

const config = window.IMAGESEARCH_CONFIG ?? {};
const TOP = Number(config.top) || 10;

/** @typedef {import("./types.js").RankedAnswer} RankedAnswer */
/** @typedef {import("./status.js").PageState} PageState */
/** @typedef {import("./status.js").Action} Action */
/**
 * @typedef {object} PageElements
 * @property {HTMLFormElement} searchForm
 * @property {HTMLInputElement} query
 * @property {HTMLButtonElement} search
 * @property {HTMLButtonElement} cancel
 * @property {HTMLButtonElement} reset
 * @property {HTMLElement} status
 * @property {HTMLElement} timings
 * @property {HTMLElement} warning
 * @property {HTMLElement} error
 * @property {HTMLElement} results
 * @property {HTMLElement} progress
 * @property {HTMLElement} progressStages
 * @property {HTMLElement} progressElapsed
 * @property {HTMLSelectElement} filterCategory
 * @property {HTMLInputElement} filterTags
 * @property {HTMLDataListElement} tagOptions
 * @property {HTMLElement} filterSources
 * @property {HTMLInputElement} filterFrom
 * @property {HTMLInputElement} filterTo
 * @property {HTMLSelectElement} autocut
 * @property {HTMLInputElement} minScore
 * @property {HTMLOutputElement} minScoreValue
 * @property {HTMLSelectElement} order
 * @property {HTMLElement} cut
 * @property {HTMLElement} cutText
 * @property {HTMLButtonElement} showAll
 * @property {HTMLElement} dropzone
 * @property {HTMLInputElement} files
 * @property {HTMLButtonElement} chooseFiles
 * @property {HTMLElement} uploads
 * @property {HTMLElement} uploadsSummary
 * @property {HTMLElement} refine
 * @property {HTMLElement} effectiveQuery
 * @property {HTMLElement} history
 * @property {HTMLButtonElement} undo
 * @property {HTMLFormElement} feedbackForm
 * @property {HTMLInputElement} feedback
 * @property {HTMLButtonElement} feedbackSubmit
 */

const els = /** @type {PageElements} */ (/** @type {unknown} */ (byIds(["search-form", "query", "search", "cancel", "reset",
  "status", "timings", "warning", "error", "results", "progress", "progress-stages", "progress-elapsed", "filter-category",
  "filter-tags", "tag-options", "filter-sources", "filter-from", "filter-to", "autocut", "min-score", "min-score-value", "order",
  "cut", "cut-text", "show-all", "dropzone", "files", "choose-files", "uploads", "uploads-summary", "refine", "effective-query", "history",
  "undo", "feedback-form", "feedback", "feedback-submit"])));

/** @type {PageState} */
const state = {
  phase: "idle", // idle | busy | done | cancelled | restored | reset | failed
  action: null, // the running or last action: search | refine | undo
  label: "", // what the running action does, in words
  waitingForUploads: false,
  response: null, // the last answer (or the restored session): results, effectiveQuery, refinements, controls, cut, ...
  elapsedMs: 0,
  serverTiming: [],
  error: null,
};
/** @type {AbortController | null} */
let inFlight = null; // the running action's
/** @type {ReturnType<typeof setInterval> | undefined} */
let ticker;

const uploads = createUploads({ list: els.uploads, dropzone: els.dropzone, fileInput: els.files, choose: els.chooseFiles,
  summary: els.uploadsSummary });
const refinePanel = createRefinePanel(els, {
  feedback: (text) => refine({ feedback: text }, `Refining with ${quoted(text)}`).then((ok) => { if (ok) els.feedback.value = ""; }),
  undo: () => run("undo", "Undoing the last refinement", (signal) => api.undo({ top: TOP, ...controls.value() }, signal)),
});
/** @type {ReturnType<typeof setTimeout> | undefined} */
let rankSoon; // one re-ranking after a burst of changes (a slider dragged, or stepped with the arrow keys)
const controls = createControls(els, () => {
  clearTimeout(rankSoon);
  if (hasResults()) rankSoon = setTimeout(() => rank("Ranking again with the new filter, cut and order"), 350);
});
const gallery = createGallery(els.results, {
  select: (hit) => refine({ select: hit.id }, `Looking for more like ${quoted(hit.title)}`),
  reject: (hit) => refine({ reject: hit.id }, `Leaving out ${quoted(hit.title)}`),
});

/** @param {Partial<PageState>} changes */
function update(changes) {
  Object.assign(state, changes);
  render();
}

function render() {
  const busy = state.phase === "busy";
  document.body.classList.toggle("is-busy", busy);
  els.search.disabled = busy;
  els.search.textContent = busy && state.action === "search" ? "Searching…" : "Search";
  els.cancel.hidden = !busy;
  els.progress.hidden = !busy;
  if (busy) {
    const { text, stages } = stagesText(state.action, state.waitingForUploads);
    els.progressStages.textContent = text;
    els.progressStages.dataset.stages = stages.join(" "); // the contract's stage names, as the answer's timings report them
  }
  els.status.textContent = statusText(state);
  els.timings.textContent = state.phase === "done" ? timingsText(state.response, state.serverTiming) : "";
  const warning = state.phase === "done" ? sourcesText(state.response) : "";
  els.warning.textContent = warning;
  els.warning.hidden = !warning;
  els.error.textContent = state.error ?? "";
  els.error.hidden = !state.error;
  const cut = state.phase === "done" ? cutText(state.response) : "";
  els.cutText.textContent = cut;
  els.cut.hidden = !cut;
  els.showAll.disabled = busy;
  refinePanel.render(state.response, busy);
  const used = state.response?.controls;
  const filter = used?.filter;
  gallery.render(state.response?.results ?? null, { busy, minScore: used?.minScore ?? 0,
    filtered: Boolean(filter && (filter.category || filter.tags.length || filter.sources.length || filter.importedFrom || filter.importedTo)) });
}

/** Whether results (or their empty state) of a search are on screen: a change of the controls then ranks them again. */
const hasResults = () => Boolean(state.response) && (state.phase === "done" || state.phase === "restored");

// ---- actions ------------------------------------------------------------------------------------------------------

/**
 * Runs one ranking call (search, refine or undo) with the busy state, Cancel and the elapsed-time counter.
 * Resolves to true when the answer arrived and is shown.
 * @param {Action} action
 * @param {string} label
 * @param {(signal: AbortSignal) => Promise<RankedAnswer>} call
 * @param {{ waitForUploads?: boolean }} [options]
 */
async function run(action, label, call, { waitForUploads = false } = {}) {
  clearTimeout(rankSoon); // any action supersedes a pending re-ranking
  inFlight?.abort();
  const controller = new AbortController();
  inFlight = controller;
  const started = performance.now();
  update({ phase: "busy", action, label, error: null, waitingForUploads: waitForUploads });
  if (document.activeElement === els.search) els.cancel.focus();
  startTicker(started);
  try {
    const { data, serverTiming } = await call(controller.signal);
    if (inFlight !== controller) return false; // superseded by a newer action
    controls.show(data.controls); // what the server used (and keeps in the session)
    update({ phase: "done", response: data, serverTiming, elapsedMs: performance.now() - started });
    return true;
  } catch (err) {
    if (inFlight !== controller) return false;
    if (err instanceof Error && err.name === "AbortError") update({ phase: "cancelled" });
    else update({ phase: "failed", error: err instanceof Error ? err.message : String(err) });
    return false;
  } finally {
    if (inFlight === controller) {
      inFlight = null;
      clearInterval(ticker);
      restoreFocus(action === "search" ? els.query : els.feedback);
    }
  }
}

/** @param {number} started */
function startTicker(started) {
  clearInterval(ticker);
  const tick = () => { els.progressElapsed.textContent = `${((performance.now() - started) / 1000).toFixed(1)} s`; };
  tick();
  ticker = setInterval(tick, 100);
}

/**
 * After an action, focus goes back to `fallback` when the focused control went away (or was Cancel).
 * @param {HTMLElement} fallback
 */
function restoreFocus(fallback) {
  const active = document.activeElement;
  if (!active || active === document.body || active === els.cancel || !active.isConnected) fallback.focus();
}

function search() {
  const query = els.query.value.trim();
  const withImages = uploads.selectedIds().length > 0 || uploads.pending();
  if (!query && !withImages) {
    update({ error: "Type a few words, or add one of your images and tick it, to search." });
    els.query.focus();
    return;
  }
  const label = query ? `Searching for ${quoted(query)}${withImages ? " and your images" : ""}` : "Searching with your images";
  run("search", label, async (signal) => {
    await uploads.idle(); // images still uploading join the search once they are in
    signal.throwIfAborted();
    const uploadIds = uploads.selectedIds();
    if (!query && uploadIds.length === 0) throw new Error("None of your images could be uploaded; see the messages next to them.");
    return api.search({ query: query || undefined, uploadIds, top: TOP, ...controls.value() }, signal);
  }, { waitForUploads: uploads.pending() });
}

/**
 * @param {{ feedback: string } | { select: string } | { reject: string }} step
 * @param {string} label
 */
function refine(step, label) {
  return run("refine", label, (signal) => api.refine({ ...step, top: TOP, ...controls.value() }, signal));
}

/**
 * The last search ranked again with the controls as they are now (nothing new is fetched).
 * @param {string} label
 */
function rank(label) {
  return run("rank", label, (signal) => api.rank({ top: TOP, ...controls.value() }, signal));
}

async function reset() {
  inFlight?.abort();
  els.reset.disabled = true;
  uploads.clear(); // first: an upload finishing after the reset would outlive it
  try {
    await api.reset();
    els.query.value = "";
    els.feedback.value = "";
    controls.reset();
    update({ phase: "reset", action: null, response: null, error: null });
    els.query.focus();
  } catch (err) {
    update({ phase: "failed", error: err instanceof Error ? err.message : String(err) });
  } finally {
    els.reset.disabled = false;
  }
}

/** After a reload: the tab's session (sessionStorage) still holds the images, the search, its refinements and results. */
async function restore() {
  try {
    const session = await api.currentSession();
    if (!session || state.phase !== "idle") return; // nothing to restore, or the user already started something
    uploads.restore(session.uploads, session.uploadIds);
    controls.show(session.controls);
    const searched = Boolean(session.query || session.uploadIds.length);
    if (searched) {
      els.query.value = session.query ?? "";
      update({ phase: "restored", response: {
        query: session.query, effectiveQuery: session.effectiveQuery, uploadIds: session.uploadIds,
        refinements: session.refinements, results: session.results, controls: session.controls } });
    }
  } catch (err) {
    update({ phase: "failed", error: err instanceof Error ? err.message : String(err) });
  }
}

// ---- wiring -------------------------------------------------------------------------------------------------------

els.searchForm.addEventListener("submit", (event) => {
  event.preventDefault();
  search();
});
els.cancel.addEventListener("click", () => inFlight?.abort());
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && inFlight) {
    event.preventDefault(); // Escape cancels the search instead of clearing the search box
    inFlight.abort();
  }
});
els.reset.addEventListener("click", reset);
els.showAll.addEventListener("click", () => {
  controls.uncut();
  rank("Showing every ranked image");
});

render();
api.facets().then(controls.load, (err) => {
  update({ error: `The filter choices could not be loaded: ${err instanceof Error ? err.message : String(err)}` });
}).finally(restore); // after the choices, so a restored filter finds its category
