// The "search with your images" panel: a file picker and a drop zone, one card per file (preview, the caption the
// server wrote, or the reason it was refused) and a tick box that puts the image into the next search. Files are
// uploaded one after another; the server's answer is authoritative, the checks here only save a pointless upload.
import { api, apiUrl } from "./api.js";
import { el, plural } from "./dom.js";

const config = window.IMAGESEARCH_CONFIG ?? {};
const MAX_FILES = Number(config.maxUploads) || 5; // Uploads__MaxPerSession on the server
const MAX_MIB = Number(config.maxUploadMiB) || 10;

/** @typedef {import("./types.js").UploadView} UploadView */
/**
 * One card: a file being uploaded, an upload the server captioned, or a refused file.
 * @typedef {object} UploadItem
 * @property {number} key
 * @property {string} fileName
 * @property {"uploading" | "ready" | "failed"} status
 * @property {boolean} selected
 * @property {string | null} [preview] an object URL of the file, or the server's clean copy
 * @property {string} [id] UploadView.id
 * @property {string} [caption] UploadView.caption
 * @property {string} [captionModel] UploadView.captionModel
 * @property {string} [error] why it was refused
 */
/**
 * @typedef {object} UploadElements
 * @property {HTMLElement} list
 * @property {HTMLElement} dropzone
 * @property {HTMLInputElement} fileInput
 * @property {HTMLButtonElement} choose
 * @property {HTMLElement} summary
 */

/**
 * Wires the panel. Returns the panel's interface for the page: selectedIds(), pending(), idle(), restore(uploads,
 * usedIds), clear().
 * @param {UploadElements} els
 */
export function createUploads(els) {
  /** @type {UploadItem[]} */
  let items = [];
  let nextKey = 1;
  /** @type {Promise<void>} */
  let queue = Promise.resolve();
  let controller = new AbortController();

  const accepted = () => items.filter((i) => i.status !== "failed");

  /** @param {File[]} files */
  function add(files) {
    for (const file of files) {
      /** @type {UploadItem} */
      const item = { key: nextKey++, fileName: file.name || "image", status: "uploading", selected: true };
      const refusal = accepted().length >= MAX_FILES
        ? `At most ${MAX_FILES} images per session; Reset starts a new one.`
        : file.size > MAX_MIB * 1024 * 1024 ? `The file exceeds the limit of ${MAX_MIB} MiB.` : null;
      if (refusal) {
        Object.assign(item, { status: "failed", error: refusal });
      } else {
        item.preview = URL.createObjectURL(file);
        const signal = controller.signal;
        queue = queue.then(() => send(item, file, signal));
      }
      items.push(item);
    }
    render();
  }

  /**
   * @param {UploadItem} item
   * @param {File} file
   * @param {AbortSignal} signal
   */
  async function send(item, file, signal) {
    if (signal.aborted) return;
    try {
      const upload = await api.upload(file, signal);
      Object.assign(item, { status: "ready", id: upload.id, caption: upload.caption, captionModel: upload.captionModel });
    } catch (err) {
      if (signal.aborted) return;
      forget(item);
      Object.assign(item, { status: "failed", error: err instanceof Error ? err.message : String(err), preview: null });
    }
    render();
  }

  /** @param {UploadItem} item */
  function forget(item) {
    if (item.preview?.startsWith("blob:")) URL.revokeObjectURL(item.preview);
  }

  /** @param {UploadItem} item */
  function dismiss(item) {
    forget(item);
    items = items.filter((i) => i !== item);
    render();
    els.choose.focus();
  }

  function render() {
    els.list.replaceChildren(...items.map(card));
    summarize();
  }

  function summarize() {
    const used = items.filter((i) => i.status === "ready" && i.selected).length;
    const pending = items.filter((i) => i.status === "uploading").length;
    els.summary.textContent = [
      pending ? `Uploading ${plural(pending, "image")}…` : "",
      accepted().length ? `${used ? plural(used, "image") : "None of your images"} ${used === 1 ? "joins" : "join"} the next search.` : "",
    ].filter(Boolean).join(" ");
    els.choose.disabled = accepted().length >= MAX_FILES;
  }

  /** @param {UploadItem} item */
  function card(item) {
    const label = item.caption ? `Your image ${item.fileName}: ${item.caption}` : `Your image ${item.fileName}`;
    const box = el("input", { type: "checkbox", checked: item.selected, disabled: item.status !== "ready",
      "aria-label": `Use in search: ${item.fileName}` });
    box.addEventListener("change", () => { item.selected = box.checked; summarize(); });
    const dismissButton = item.status === "failed"
      ? el("button", { type: "button", className: "small", "aria-label": `Dismiss ${item.fileName}` }, "Dismiss") : null;
    dismissButton?.addEventListener("click", () => dismiss(item));
    const img = item.preview ? el("img", { src: item.preview, alt: label }) : null;
    img?.addEventListener("error", () => img.replaceWith(el("span", { className: "upload-placeholder" }, "No preview")), { once: true });
    return el("li", { className: `upload is-${item.status}`, "data-testid": "upload", "data-id": item.id ?? "" },
      el("div", { className: "upload-thumb" }, img ?? el("span", { className: "upload-placeholder", "aria-hidden": "true" }, "!")),
      el("div", { className: "upload-body" },
        el("p", { className: "upload-name" }, item.fileName),
        item.status === "uploading" ? el("p", { className: "upload-caption" }, "Uploading and captioning…") : null,
        item.status === "ready" ? el("p", { className: "upload-caption", title: `Caption by ${item.captionModel}` }, item.caption) : null,
        item.status === "failed" ? el("p", { className: "upload-error", "data-testid": "upload-error" }, item.error) : null,
        item.status !== "failed" ? el("label", { className: "upload-use" }, box, " Use in search") : dismissButton));
  }

  els.choose.addEventListener("click", () => els.fileInput.click());
  els.fileInput.addEventListener("change", () => {
    add([...(els.fileInput.files ?? [])]);
    els.fileInput.value = ""; // choosing the same file again still fires "change"
  });

  // Drop files on the zone; dropped anywhere else they must not navigate away from the page.
  /** @param {DragEvent} event */
  const hasFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes("Files");
  for (const type of /** @type {const} */ (["dragover", "drop"])) {
    document.addEventListener(type, (event) => { if (hasFiles(event)) event.preventDefault(); });
  }
  els.dropzone.addEventListener("dragover", (event) => {
    if (!hasFiles(event) || !event.dataTransfer) return;
    event.dataTransfer.dropEffect = "copy";
    els.dropzone.classList.add("is-over");
  });
  els.dropzone.addEventListener("dragleave", () => els.dropzone.classList.remove("is-over"));
  els.dropzone.addEventListener("drop", (event) => {
    els.dropzone.classList.remove("is-over");
    if (event.dataTransfer?.files.length) add([...event.dataTransfer.files]);
  });

  document.querySelectorAll("[data-max-uploads]").forEach((n) => { n.textContent = String(MAX_FILES); });
  document.querySelectorAll("[data-max-mib]").forEach((n) => { n.textContent = String(MAX_MIB); });
  render();
  return {
    /** Ids of the uploaded images ticked for the search. */
    selectedIds: () => items.flatMap((i) => (i.status === "ready" && i.selected && i.id ? [i.id] : [])),
    /** True while a file is still being uploaded. */
    pending: () => items.some((i) => i.status === "uploading"),
    /** Resolves when every upload started so far has finished. */
    idle: () => queue,
    /**
     * Shows the session's uploads after a reload; ticks those its last search used (all when it had none).
     * @param {UploadView[]} uploads
     * @param {string[]} usedIds
     */
    restore(uploads, usedIds) {
      const used = new Set(usedIds);
      items = uploads.map((u) => ({ key: nextKey++, fileName: u.fileName, status: "ready", id: u.id, caption: u.caption,
        captionModel: u.captionModel, preview: u.downloadUrl ? apiUrl(u.downloadUrl) : null, selected: used.size === 0 || used.has(u.id) }));
      render();
    },
    /** Forgets every card and abandons uploads still running (after a session reset). */
    clear() {
      controller.abort();
      controller = new AbortController();
      queue = Promise.resolve();
      items.forEach(forget);
      items = [];
      render();
    },
  };
}
