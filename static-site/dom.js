// Small DOM helpers shared by the page's modules. Text is always set as text, never parsed as HTML.

/** el("p", { className: "x", "data-id": 1 }, "text", childNode, null) - props with a dash become attributes. */
export function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.includes("-")) node.setAttribute(key, value); else node[key] = value;
  }
  node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

/** The elements with these ids, as { camelCaseId: element }. */
export function byIds(ids) {
  return Object.fromEntries(ids.map((id) => [id.replace(/-(\w)/g, (_, c) => c.toUpperCase()), document.getElementById(id)]));
}

export const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Curly-quoted text, e.g. “a koala”. */
export const quoted = (text) => `“${text}”`;
