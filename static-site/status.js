// What the page says about the search: the busy state (the API does not stream its progress, so it names the stages
// that will run and counts the seconds), then a summary and the stage timings the server measured.
import { plural, quoted } from "./dom.js";

// The stages the server runs, in order (see SearchService); their measured times come back in `timings`.
const STAGES = {
  search: ["session", "embed", "fetch", "rank", "save"],
  refine: ["session", "refine", "embed", "fetch", "rank", "save"],
  undo: ["embed", "fetch", "rank", "save"],
};
const STAGE_NAMES = {
  uploads: "finish uploads", session: "load the session", refine: "read the refinement", embed: "embed the query",
  fetch: "fetch candidates", rank: "rank", save: "save the session",
};

/** "Stages: load the session → embed the query → …" for the running action. */
export function stagesText(action, waitingForUploads) {
  const stages = [...(waitingForUploads ? ["uploads"] : []), ...(STAGES[action] ?? [])];
  return `Stages: ${stages.map((s) => STAGE_NAMES[s]).join(" → ")}`;
}

/** The one-line status after an action. */
export function statusText(state) {
  const { phase, response } = state;
  switch (phase) {
    case "busy": return `${state.label}…`;
    case "cancelled": return response ? "Cancelled. The results below are from before." : "Cancelled.";
    case "failed": return response ? "The results below are from before." : "";
    case "reset": return "Session reset: your images, results and refinements are gone. Start a new search.";
    case "restored": return `Restored your session: ${searchedFor(response)}.`;
    case "done": return summary(state);
    default: return "";
  }
}

/** “koala”, “green” and 1 of your images, 2 of your images - what the user searched with (the refine panel shows
 * the effective query). */
function searchedFor(response) {
  const images = response.uploadIds?.length ? `${response.uploadIds.length} of your images` : "";
  const said = [response.query ? quoted(response.query) : "", images].filter(Boolean).join(" and ") || "your last search";
  const steps = response.refinements?.length;
  return steps ? `${said}, refined in ${plural(steps, "step")}` : said;
}

function summary(state) {
  const { results = [], ranking, candidates } = state.response;
  const shown = Math.min(results.length, 10);
  const parts = [shown ? `${plural(shown, "result")} for ${searchedFor(state.response)}` : `No results for ${searchedFor(state.response)}`];
  if (ranking) parts.push(`ranked by ${ranking.tier}${ranking.models?.length ? `: ${ranking.models.join(", ")}` : ""}`);
  if (Number.isFinite(candidates)) parts.push(`${candidates} candidates`);
  parts.push(`${Math.round(state.elapsedMs)} ms`);
  return parts.join(" · ");
}

/** "Server stages: session 3 ms · embed 6 ms · …" from the answer's `timings` (else its Server-Timing header). */
export function timingsText(response, serverTiming) {
  const timings = response?.timings?.length
    ? response.timings.map((t) => ({ name: t.stage, dur: t.milliseconds }))
    : (serverTiming ?? []).filter((m) => m.dur !== null);
  return timings.length ? `Server stages: ${timings.map((t) => `${t.name} ${formatMs(t.dur)}`).join(" · ")}` : "";
}

/** A warning naming the image sources that failed (the results then come from the others), or "". */
export function sourcesText(response) {
  const failed = (response?.sources ?? []).filter((s) => !s.ok);
  return failed.map((s) => `Source ${s.name} is unavailable${s.error ? ` (${s.error})` : ""}; results come from the others.`).join(" ");
}

const formatMs = (ms) => (ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`);
