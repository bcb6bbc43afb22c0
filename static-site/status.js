// What the page says about the search: the busy state (the API does not stream its progress, so it names the stages
// that will run and counts the seconds), then a summary and the stage timings the server measured.
import { plural, quoted } from "./dom.js";

/** @typedef {import("./types.js").SearchResponse} SearchResponse */
/** @typedef {import("./types.js").Stage} Stage */
/** @typedef {import("./types.js").ServerTimingMetric} ServerTimingMetric */
/** @typedef {import("./types.js").Cut} Cut */
/** @typedef {"search" | "refine" | "undo" | "rank"} Action */
/**
 * What the page shows (app.js owns it).
 * @typedef {object} PageState
 * @property {"idle" | "busy" | "done" | "cancelled" | "restored" | "reset" | "failed"} phase
 * @property {Action | null} action the running or last action
 * @property {string} label what the running action does, in words
 * @property {boolean} waitingForUploads
 * @property {ShownAnswer | null} response the last answer, or the restored session
 * @property {number} elapsedMs
 * @property {ServerTimingMetric[]} serverTiming
 * @property {string | null} error
 */
/**
 * A search answer, or as much of one as a restored session has.
 * @typedef {Pick<SearchResponse, "query" | "uploadIds" | "refinements" | "results"> & { effectiveQuery: string | null }
 *   & Partial<Pick<SearchResponse, "ranking" | "candidates" | "sources" | "timings" | "controls" | "cut">>} ShownAnswer
 */

// The stages each action runs, in order: the names of the contract's `Stage` (the answer's `timings` report the same).
// A search with words and images also runs "rewrite" when the server has the LLM rewriter (see /api/health).
/** @type {Record<Action, Stage[]>} */
const STAGES = {
  search: ["session", "embed", "fetch", "embed-candidates", "rank", "save"],
  refine: ["session", "refine", "embed", "fetch", "embed-candidates", "rank", "save"],
  undo: ["session", "embed", "fetch", "embed-candidates", "rank", "save"],
  rank: ["session", "embed", "fetch", "embed-candidates", "rank", "save"],
};
// Every stage of the contract has words here: a stage added to the contract without them fails the type check.
/** @type {Record<Stage, string>} */
const STAGE_NAMES = {
  session: "load the session", rewrite: "merge words and images", refine: "read the refinement", embed: "embed the query",
  fetch: "fetch candidates", "embed-candidates": "embed the candidates", rank: "rank", save: "save the session",
};

/**
 * The stages the running action goes through: the page's own wait for uploads, then the server's.
 * @param {Action | null} action
 * @param {boolean} waitingForUploads
 * @returns {{ text: string, stages: Stage[] }} text: "Stages: load the session → embed the query → …"
 */
export function stagesText(action, waitingForUploads) {
  const stages = action ? STAGES[action] : [];
  const names = [...(waitingForUploads ? ["finish uploads"] : []), ...stages.map((s) => STAGE_NAMES[s])];
  return { text: `Stages: ${names.join(" → ")}`, stages };
}

/**
 * The one-line status after an action.
 * @param {PageState} state
 */
export function statusText(state) {
  const { phase, response } = state;
  switch (phase) {
    case "busy": return `${state.label}…`;
    case "cancelled": return response ? "Cancelled. The results below are from before." : "Cancelled.";
    case "failed": return response ? "The results below are from before." : "";
    case "reset": return "Session reset: your images, results and refinements are gone. Start a new search.";
    case "restored": return response ? `Restored your session: ${searchedFor(response)}.` : "";
    case "done": return response ? summary(response, state.elapsedMs) : "";
    default: return "";
  }
}

/**
 * “koala”, “green” and 1 of your images, 2 of your images - what the user searched with (the refine panel shows the
 * effective query).
 * @param {ShownAnswer} response
 */
function searchedFor(response) {
  const images = response.uploadIds.length ? `${response.uploadIds.length} of your images` : "";
  const said = [response.query ? quoted(response.query) : "", images].filter(Boolean).join(" and ") || "your last search";
  const steps = response.refinements.length;
  return steps ? `${said}, refined in ${plural(steps, "step")}` : said;
}

/**
 * @param {ShownAnswer} response
 * @param {number} elapsedMs
 */
function summary(response, elapsedMs) {
  const { results, ranking, candidates } = response;
  const shown = Math.min(results.length, 10);
  const parts = [shown ? `${plural(shown, "result")} for ${searchedFor(response)}` : `No results for ${searchedFor(response)}`];
  if (ranking) parts.push(`ranked by ${ranking.tier}${ranking.models.length ? `: ${ranking.models.join(", ")}` : ""}`);
  if (candidates !== undefined) parts.push(`${candidates} candidates`);
  parts.push(`${Math.round(elapsedMs)} ms`);
  return parts.join(" · ");
}

/**
 * "Server stages: session 3 ms · embed 6 ms · …" from the answer's `timings` (else its Server-Timing header).
 * @param {ShownAnswer | null} response
 * @param {ServerTimingMetric[]} serverTiming
 */
export function timingsText(response, serverTiming) {
  const timings = response?.timings?.length
    ? response.timings.map((t) => ({ name: t.stage, dur: t.milliseconds }))
    : serverTiming.flatMap((m) => (m.dur === null ? [] : [{ name: m.name, dur: m.dur }]));
  return timings.length ? `Server stages: ${timings.map((t) => `${t.name} ${formatMs(t.dur)}`).join(" · ")}` : "";
}

/**
 * A warning naming the image sources that failed, with the reason each gave (the results then come from the others),
 * or "" when every source answered.
 * @param {ShownAnswer | null} response
 */
export function sourcesText(response) {
  const failed = (response?.sources ?? []).filter((s) => !s.available);
  return failed.map((s) => `Source ${s.name} is unavailable${s.reason ? ` (${s.reason})` : ""}; results come from the others.`).join(" ");
}

/**
 * Where the answer's ranked list was cut (`cut`), or "" when nothing was hidden: how many are shown of how many, which
 * rule cut and the scores on either side of the cut.
 * @param {ShownAnswer | null} response
 */
export function cutText(response) {
  const cut = response?.cut;
  if (!cut || cut.hidden === 0 || cut.by === "none") return "";
  const rule = cut.by === "autocut" ? "The automatic cut" : "The relevance floor";
  const where = cut.highestHidden === null ? "" : cut.lowestKept === null
    ? ` (best hidden score ${cut.highestHidden.toFixed(3)})`
    : ` between scores ${cut.lowestKept.toFixed(3)} and ${cut.highestHidden.toFixed(3)}`;
  return `${rule} kept ${cut.kept} of ${cut.kept + cut.hidden} ranked images and hid ${cut.hidden}${where}.`;
}

/** @param {number} ms */
const formatMs = (ms) => (ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`);
