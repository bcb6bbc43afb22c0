// Small DOM helpers shared by the page's modules. Text is always set as text, never parsed as HTML.

/** @typedef {Node | string | null | undefined | false} Child */

/**
 * el("p", { className: "x", "data-id": 1 }, "text", childNode, null) - props with a dash become attributes.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, unknown> | null} props
 * @param {...(Child | Child[])} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.includes("-")) node.setAttribute(key, String(value)); else Reflect.set(node, key, value);
  }
  node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

/**
 * The elements with these ids, as { camelCaseId: element }; the caller names their types.
 * @param {string[]} ids
 * @returns {Record<string, HTMLElement>}
 */
export function byIds(ids) {
  return Object.fromEntries(ids.map((id) => [id.replace(/-(\w)/g, (_, c) => c.toUpperCase()),
    /** @type {HTMLElement} */ (document.getElementById(id))]));
}

/**
 * @param {number} n
 * @param {string} word
 */
export const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * Curly-quoted text, e.g. “a koala”.
 * @param {string} text
 */
export const quoted = (text) => `“${text}”`;
