// The search controls: a filter (category, tags, sources, import dates), the automatic cut, the fixed relevance floor and
// the order. `value()` is what the page sends with every search, refinement, undo and re-ranking (the API keeps them in
// the session); `show(controls)` puts back what an answer or a restored session says was used. The choices come from
// GET /api/catalog/facets.
import { el } from "./dom.js";

/** @typedef {import("./types.js").CatalogFacets} CatalogFacets */
/** @typedef {import("./types.js").Controls} Controls */
/** @typedef {import("./types.js").Filter} Filter */
/** @typedef {import("./types.js").ResultOrder} ResultOrder */
/** @typedef {import("./types.js").SourceName} SourceName */
/** @typedef {{ filter: Filter, autocut: number, minScore?: number, order: ResultOrder }} ControlValues */
/**
 * @typedef {object} ControlElements
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
 */

/** @type {ResultOrder[]} */
const ORDERS = ["relevance", "newest", "oldest"];

/**
 * Wires the controls; `changed` runs after the user changes one (not after `show` or `reset`).
 * @param {ControlElements} els
 * @param {() => void} changed
 */
export function createControls(els, changed) {
  /** @type {SourceName[]} */
  let sources = [];

  for (const input of [els.filterCategory, els.filterTags, els.filterFrom, els.filterTo, els.autocut, els.minScore, els.order]) {
    input.addEventListener("change", changed);
  }
  els.filterSources.addEventListener("change", changed);
  els.minScore.addEventListener("input", showFloor);
  showFloor();

  function showFloor() {
    const floor = Number(els.minScore.value);
    els.minScoreValue.textContent = floor > 0 ? `≥ ${floor.toFixed(2)}` : "off";
  }

  return {
    /**
     * Fills the choices from the catalog's facets (keeps what is selected).
     * @param {CatalogFacets} facets
     */
    load(facets) {
      const category = els.filterCategory.value;
      els.filterCategory.replaceChildren(el("option", { value: "" }, "Any category"),
        ...facets.categories.map((c) => el("option", { value: c.value }, `${c.value} (${c.items})`)));
      els.filterCategory.value = facets.categories.some((c) => c.value === category) ? category : "";
      els.tagOptions.replaceChildren(...facets.tags.map((t) => el("option", { value: t.value })));
      sources = facets.sources;
      els.filterSources.replaceChildren(...sources.map((name) => el("label", { className: "check" },
        el("input", { type: "checkbox", value: name, checked: true, "data-source": name }), ` ${name}`)));
    },

    /** @returns {ControlValues} */
    value() {
      const floor = Number(els.minScore.value);
      const checked = [...els.filterSources.querySelectorAll("input:checked")].map((i) => /** @type {SourceName} */ (/** @type {HTMLInputElement} */ (i).value));
      return {
        filter: {
          category: els.filterCategory.value || undefined,
          tags: els.filterTags.value.split(",").map((t) => t.trim()).filter(Boolean),
          // All ticked (or none left to tick) means every source: the server then asks every configured one.
          sources: checked.length === sources.length ? [] : checked,
          importedFrom: els.filterFrom.value ? `${els.filterFrom.value}T00:00:00Z` : undefined,
          importedTo: els.filterTo.value ? `${els.filterTo.value}T23:59:59.999Z` : undefined,
        },
        autocut: Number(els.autocut.value),
        minScore: floor > 0 ? floor : undefined,
        order: ORDERS.find((o) => o === els.order.value) ?? "relevance",
      };
    },

    /**
     * Shows the controls an answer or a restored session used.
     * @param {Controls} controls
     */
    show(controls) {
      const { filter } = controls;
      if (filter.category && ![...els.filterCategory.options].some((o) => o.value === filter.category)) {
        els.filterCategory.append(el("option", { value: filter.category }, filter.category));
      }
      els.filterCategory.value = filter.category ?? "";
      els.filterTags.value = filter.tags.join(", ");
      els.filterSources.querySelectorAll("input").forEach((i) => {
        const box = /** @type {HTMLInputElement} */ (i);
        box.checked = filter.sources.length === 0 || filter.sources.some((s) => s === box.value);
      });
      els.filterFrom.value = filter.importedFrom?.slice(0, 10) ?? "";
      els.filterTo.value = filter.importedTo?.slice(0, 10) ?? "";
      els.autocut.value = String(controls.autocut);
      els.minScore.value = String(controls.minScore !== null && controls.minScore > 0 ? controls.minScore : 0);
      els.order.value = controls.order;
      showFloor();
    },

    /** Everything off: no filter, no cut, relevance order. */
    reset() {
      this.show({ filter: { category: null, tags: [], sources: [], importedFrom: null, importedTo: null }, autocut: 0, minScore: null, order: "relevance" });
    },

    /** Turns the automatic cut and the floor off (the filter and order stay). */
    uncut() {
      els.autocut.value = "0";
      els.minScore.value = "0";
      showFloor();
    },
  };
}
