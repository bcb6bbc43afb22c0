// The refinement panel: the effective query (what the server actually searched for), the feedback box, the history of
// refinement steps and Undo. "More like this" / "Not this" live on the result cards (gallery.js); every step ends
// up in the same history, because the server records them in one chain.
import { el, quoted } from "./dom.js";

/**
 * Wires the panel. `els`: { refine, effectiveQuery, history, undo, feedbackForm, feedback, feedbackSubmit };
 * `actions`: { feedback(text), undo() }. Returns { render(response, busy) }.
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
    /** Draws the panel for a search answer (or a restored session); hidden before the first search. */
    render(response, busy) {
      els.refine.hidden = !response;
      if (!response) return;
      const steps = response.refinements ?? [];
      els.effectiveQuery.textContent = response.effectiveQuery || response.query || "your images";
      els.history.replaceChildren(...(steps.length
        ? steps.map((step, index) => el("li", { className: "history-step", "data-testid": "history-step",
          "data-kind": kindOf(step) }, describe(step), index === steps.length - 1 ? el("span", { className: "hint" }, " (last)") : null))
        : [el("li", { className: "history-empty" }, "No refinements yet: say what to change above, or use “More like this” and “Not this” on a result.")]));
      els.undo.disabled = busy || steps.length === 0;
      els.undo.title = steps.length ? `Undo ${describe(steps[steps.length - 1])}` : "Nothing to undo";
      els.feedbackSubmit.disabled = busy;
    },
  };
}

const kindOf = (step) => String(step.kind ?? "").toLowerCase();

/** One step in words: Feedback “no apples” (away from apples), More like “koala”, Not “kangaroo”. */
export function describe(step) {
  switch (kindOf(step)) {
    case "select": return `More like ${quoted(step.resultTitle ?? "this")}`;
    case "reject": return `Not ${quoted(step.resultTitle ?? "this")}`;
    default: {
      const toward = step.positive?.length ? `toward ${step.positive.join(", ")}` : "";
      const away = step.negative?.length ? `away from ${step.negative.join(", ")}` : "";
      const terms = [toward, away].filter(Boolean).join("; ");
      return `Feedback ${quoted(step.feedback ?? "")}${terms ? ` (${terms})` : ""}`;
    }
  }
}
