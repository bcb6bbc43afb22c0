// The results gallery: one card per result (image with its title as alt text, title, description, score, source)
// with "Download" (the signed JPEG link), "More like this" and "Not this"; and the empty states.
import { apiUrl } from "./api.js";
import { el } from "./dom.js";

/** @typedef {import("./types.js").SearchHit} SearchHit */
/** @typedef {{ select: (hit: SearchHit) => unknown, reject: (hit: SearchHit) => unknown }} CardActions */

export const MAX_CARDS = 10;

/**
 * Wires the gallery in `container`. Returns { render(results, view) }.
 * @param {HTMLElement} container
 * @param {CardActions} actions
 */
export function createGallery(container, actions) {
  /** @type {SearchHit[] | null | undefined} */
  let drawn;
  /** @type {SearchHit[]} */
  let shown = [];

  container.addEventListener("click", (event) => {
    const button = /** @type {Element} */ (event.target).closest("button");
    const action = button?.dataset.action;
    const hit = button && shown.find((h) => h.id === /** @type {HTMLElement | null} */ (button.closest("[data-id]"))?.dataset.id);
    if (hit && (action === "select" || action === "reject")) actions[action](hit);
  });

  return {
    /**
     * `results`: null before any search; `view`: { busy, minScore, filtered } - the floor the results were asked with
     * and whether a filter was on (the answer's `controls`), to say why nothing came back.
     * @param {SearchHit[] | null} results
     * @param {{ busy: boolean, minScore: number, filtered: boolean }} view
     */
    render(results, { busy, minScore, filtered }) {
      if (results !== drawn) {
        drawn = results;
        shown = (results ?? []).slice(0, MAX_CARDS);
        container.replaceChildren(...content(results, minScore, filtered));
      }
      container.setAttribute("aria-busy", String(busy));
      container.querySelectorAll("button").forEach((b) => { b.disabled = busy; });
    },
  };

  /**
   * @param {SearchHit[] | null} results
   * @param {number} minScore
   * @param {boolean} filtered
   */
  function content(results, minScore, filtered) {
    if (results === null) {
      return [empty("intro", "Nothing searched yet",
        "Describe a picture in your own words, or add one of your photos above and search with it.")];
    }
    if (results.length === 0) {
      return minScore > 0
        ? [empty("empty", "No results above the relevance floor",
          `No image scored ${minScore.toFixed(2)} or more. Lower the floor, or try other words.`)]
        : filtered
          ? [empty("empty", "No results match the filter", "No image has the category, tags, source or import date chosen. Widen the filter.")]
          : [empty("empty", "No results", "Try other words, or describe the colours and shapes you are looking for.")];
    }
    return [el("ol", { className: "gallery" }, shown.map(card))];
  }
}

/**
 * @param {string} testId
 * @param {string} title
 * @param {string} text
 */
function empty(testId, title, text) {
  return el("div", { className: "empty", "data-testid": testId },
    el("p", { className: "empty-title" }, title),
    el("p", {}, text));
}

/** @param {SearchHit} hit */
function card(hit) {
  const title = hit.title || "Untitled";
  const img = el("img", { src: apiUrl(hit.imageUrl), alt: title, decoding: "async" });
  const item = el("li", { className: "result", "data-testid": "result", "data-id": hit.id },
    el("div", { className: "result-image" }, img),
    el("div", { className: "result-body" },
      el("h3", { className: "result-title" }, title),
      hit.description ? el("p", { className: "result-description" }, hit.description) : null,
      el("p", { className: "result-meta" },
        el("span", { title: "Cosine similarity between the query and the image, from -1 to 1" },
          "Score ", el("span", { className: "result-score" }, formatScore(hit.score))),
        el("span", { className: "result-source", title: "Where the image comes from" }, hit.source),
        hit.importedAt ? el("time", { className: "result-date", dateTime: hit.importedAt, title: "When it joined the catalog" },
          `imported ${hit.importedAt.slice(0, 10)}`) : null),
      el("div", { className: "result-actions" },
        el("button", { type: "button", className: "small", "data-action": "select", "aria-label": `More like this: ${title}` }, "More like this"),
        el("button", { type: "button", className: "small", "data-action": "reject", "aria-label": `Not this: ${title}` }, "Not this")),
      hit.downloadUrl ? el("a", { className: "result-download", href: apiUrl(hit.downloadUrl), download: "",
        "aria-label": `Download ${title} as JPEG`, "data-testid": "download" }, "Download JPEG") : null));
  img.addEventListener("error", () => item.classList.add("is-broken"), { once: true });
  return item;
}

/** @param {number} score */
const formatScore = (score) => score.toFixed(3);
