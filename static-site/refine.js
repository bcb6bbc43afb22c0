// The refinement panel: the effective query (what the server actually searched for), the feedback box, the history of
// refinement steps and Undo. "More like this" / "Not this" live on the result cards (gallery.js); every step ends
// up in the same history, because the server records them in one chain.
import { el, quoted } from "./dom.js";

/** @typedef {import("./types.js").AppliedRefinement} AppliedRefinement */
/** @typedef {import("./status.js").ShownAnswer} ShownAnswer */
/**
 * @typedef {object} RefineElements
 * @property {HTMLElement} refine
 * @property {HTMLElement} effectiveQuery
 * @property {HTMLElement} history
 * @property {HTMLButtonElement} undo
 * @property {HTMLFormElement} feedbackForm
 * @property {HTMLInputElement} feedback
 * @property {HTMLButtonElement} feedbackSubmit
 */

/**
 * Wires the panel. Returns { render(response, busy) }.
 * @param {RefineElements} els
 * @param {{ feedback: (text: string) => unknown, undo: () => unknown }} actions
 */
export function createRefinePanel(els, actions) {
  els.feedbackForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = els.feedback.value.trim();
    if (text) actions.feedback(text);
    else els.feedback.focus();
  });
  els.undo.addEventListener("click", () => actions.undo());

  return {
    /**
     * Draws the panel for a search answer (or a restored session); hidden before the first search.
     * @param {ShownAnswer | null} response
     * @param {boolean} busy
     */
    render(response, busy) {
      els.refine.hidden = !response;
      if (!response) return;
      const steps = response.refinements;
      els.effectiveQuery.textContent = response.effectiveQuery || response.query || "your images";
      els.history.replaceChildren(...(steps.length
        ? steps.map((step, index) => el("li", { className: "history-step", "data-testid": "history-step",
          "data-kind": step.kind }, describe(step), index === steps.length - 1 ? el("span", { className: "hint" }, " (last)") : null))
        : [el("li", { className: "history-empty" }, "No refinements yet: say what to change above, or use “More like this” and “Not this” on a result.")]));
      els.undo.disabled = busy || steps.length === 0;
      els.undo.title = steps.length ? `Undo ${describe(steps[steps.length - 1])}` : "Nothing to undo";
      els.feedbackSubmit.disabled = busy;
    },
  };
}

/**
 * One step in words: Feedback “no apples” (away from apples), More like “koala”, Not “kangaroo”.
 * @param {AppliedRefinement} step
 * @returns {string}
 */
export function describe(step) {
  switch (step.kind) {
    case "select": return `More like ${quoted(step.resultTitle ?? "this")}`;
    case "reject": return `Not ${quoted(step.resultTitle ?? "this")}`;
    case "feedback": {
      const toward = step.positive.length ? `toward ${step.positive.join(", ")}` : "";
      const away = step.negative.length ? `away from ${step.negative.join(", ")}` : "";
      const terms = [toward, away].filter(Boolean).join("; ");
      return `Feedback ${quoted(step.feedback ?? "")}${terms ? ` (${terms})` : ""}`;
    }
  }
}
