// HTTP client for the ImageSearch API. Every call goes through `request` (JSON in and out, problem+json errors
// become ApiError); calls that need a session go through `withSession`, which creates the tab's session on first
// use and, when the server says the session expired, creates a new one and retries once. The session id is the
// session's only secret: it travels in the Session-Id header, never in a URL (paths say "current"), since URLs are logged.
// Types: types.js (the API contract's, for the page).

/** @typedef {import("./types.js").SearchResponse} SearchResponse */
/** @typedef {import("./types.js").SessionView} SessionView */
/** @typedef {import("./types.js").UploadView} UploadView */
/** @typedef {import("./types.js").HealthReport} HealthReport */
/** @typedef {import("./types.js").SearchRequest} SearchRequest */
/** @typedef {import("./types.js").RefineRequest} RefineRequest */
/** @typedef {import("./types.js").RankingOptions} RankingOptions */
/** @typedef {import("./types.js").Problem} Problem */
/** @typedef {import("./types.js").ProblemName} ProblemName */
/** @typedef {import("./types.js").Paths} Paths */
/** @typedef {import("./types.js").ServerTimingMetric} ServerTimingMetric */
/** @typedef {import("./types.js").RankedAnswer} RankedAnswer */
/** @typedef {import("./types.js").CatalogFacets} CatalogFacets */

const config = window.IMAGESEARCH_CONFIG ?? {};
const apiBase = String(config.apiBase ?? "").replace(/\/+$/, "");
const SESSION_KEY = "imagesearch.sessionId";
const SESSION_HEADER = "Session-Id";

/** An error answer from the API; `message` is the problem's detail, fit to show to the user. */
export class ApiError extends Error {
  /**
   * @param {number} status 0 when the service could not be reached
   * @param {Partial<Problem> | null} [problem]
   */
  constructor(status, problem) {
    const statusText = status ? `The server answered ${status}.` : "The request failed.";
    super(problem?.detail || problem?.title || statusText);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem ?? {};
  }

  /** The last segment of the problem type, e.g. "session-not-found". */
  get problemName() {
    return String(this.problem.type ?? "").split("/").pop();
  }

  /** @param {ProblemName} name */
  is(name) {
    return this.problemName === name;
  }
}

/**
 * Resolves an API path ("/api/catalog/x/image") against apiBase; absolute URLs pass through unchanged.
 * @param {string} path
 */
export function apiUrl(path) {
  if (/^([a-z][a-z\d+.-]*:|\/\/)/i.test(path)) return path;
  return apiBase + (path.startsWith("/") ? path : `/${path}`);
}

/**
 * A path of the contract with its parameters filled in: route("/api/catalog/{itemId}/image", { itemId }).
 * @param {keyof Paths} template
 * @param {Record<string, string>} [params]
 */
function route(template, params = {}) {
  return template.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(params[name] ?? ""));
}

/**
 * One call: JSON (or a form) in, the parsed JSON answer out; an error answer throws ApiError.
 * @param {string} method
 * @param {string} path
 * @param {{ body?: unknown, signal?: AbortSignal, sessionId?: string }} [options] sessionId: sent in the Session-Id header
 * @returns {Promise<{ data: any, headers: Headers }>} data: the operation's answer, typed by each caller from the contract
 */
async function request(method, path, { body, signal, sessionId } = {}) {
  /** @type {Record<string, string>} */
  const headers = { Accept: "application/json, application/problem+json" };
  if (sessionId) headers[SESSION_HEADER] = sessionId;
  /** @type {RequestInit} */
  const init = { method, signal, headers };
  if (body instanceof FormData) {
    init.body = body;
  } else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(apiUrl(path), init);
  } catch (err) {
    if (err instanceof Error && err.name === "AbortError") throw err;
    throw new ApiError(0, { detail: "Could not reach the ImageSearch service. Check your connection and try again." });
  }
  const isJson = /json/i.test(response.headers.get("Content-Type") ?? "");
  const data = isJson ? await response.json().catch(() => null) : null;
  signal?.throwIfAborted();
  if (!response.ok) throw new ApiError(response.status, data);
  return { data, headers: response.headers };
}

// sessionStorage: one session per tab, kept across reloads. Falls back to memory where storage is blocked.
/** @type {string | null} */
let memorySessionId = null;
export const sessionStore = {
  /** @returns {string | null} */
  get() {
    try { return sessionStorage.getItem(SESSION_KEY); } catch { return memorySessionId; }
  },
  /** @param {string | null} id */
  set(id) {
    memorySessionId = id;
    try {
      if (id) sessionStorage.setItem(SESSION_KEY, id); else sessionStorage.removeItem(SESSION_KEY);
    } catch { /* storage blocked: the in-memory copy lasts until reload */ }
  },
};

/** @param {unknown} err */
const isExpired = (err) => err instanceof ApiError && err.is("session-not-found");

/**
 * @param {AbortSignal} [signal]
 * @returns {Promise<string>}
 */
async function createSession(signal) {
  /** @type {SessionView} */
  const session = (await request("POST", route("/api/sessions"), { signal })).data;
  sessionStore.set(session.sessionId);
  return session.sessionId;
}

/** @param {unknown} err */
const isConflict = (err) => err instanceof ApiError && err.is("session-conflict");
/**
 * @param {number} ms
 * @param {AbortSignal} [signal]
 * @returns {Promise<void>}
 */
const pause = (ms, signal) => new Promise((resolve, reject) => {
  const timer = setTimeout(resolve, ms);
  signal?.addEventListener("abort", () => { clearTimeout(timer); reject(signal.reason); }, { once: true });
});

// A 409 session-conflict means another request of this tab (say an upload during a search) changed the session at
// the same moment and nothing was applied: the call is repeated once.
/**
 * @template T
 * @param {(sessionId: string) => Promise<T>} call
 * @param {AbortSignal} [signal]
 * @returns {Promise<T>}
 */
async function withSession(call, signal) {
  const existing = sessionStore.get();
  const id = existing ?? await createSession(signal);
  try {
    return await call(id);
  } catch (err) {
    if (isConflict(err)) {
      await pause(200, signal);
      return call(id);
    }
    if (!existing || !isExpired(err)) throw err;
    return call(await createSession(signal));
  }
}

/**
 * A path of the session API for the session in the Session-Id header: sessionPath("/search") -> "/api/sessions/current/search".
 * @param {"" | "/search" | "/refine" | "/undo" | "/rank" | "/uploads" | "/reset"} [operation]
 */
const sessionPath = (operation = "") => route(/** @type {keyof Paths} */ (`/api/sessions/{sessionId}${operation}`), { sessionId: "current" });

/**
 * A search, refine or undo of the session: the answer and its Server-Timing header.
 * @param {string} sessionId
 * @param {"/search" | "/refine" | "/undo" | "/rank"} operation
 * @param {SearchRequest | RefineRequest | RankingOptions} body
 * @param {AbortSignal} [signal]
 * @returns {Promise<RankedAnswer>}
 */
async function rankingCall(sessionId, operation, body, signal) {
  const { data, headers } = await request("POST", sessionPath(operation), { body, signal, sessionId });
  return { data, serverTiming: parseServerTiming(headers.get("Server-Timing")) };
}

export const api = {
  /**
   * The tab's current session, or null when it has none or it expired (a new one is made on the next call).
   * @param {AbortSignal} [signal]
   * @returns {Promise<SessionView | null>}
   */
  async currentSession(signal) {
    const id = sessionStore.get();
    if (!id) return null;
    try {
      return (await request("GET", sessionPath(), { signal, sessionId: id })).data;
    } catch (err) {
      if (!isExpired(err)) throw err;
      sessionStore.set(null);
      return null;
    }
  },

  /**
   * A new search: words, images of the session, or both (a new refinement chain).
   * @param {SearchRequest} body
   * @param {AbortSignal} [signal]
   */
  search: (body, signal) => withSession((sessionId) =>
    rankingCall(sessionId, "/search", body, signal), signal),

  /**
   * One refinement step: { feedback } | { select: resultId } | { reject: resultId }, plus the ranking options.
   * @param {RefineRequest} body
   * @param {AbortSignal} [signal]
   */
  refine: (body, signal) => withSession((sessionId) =>
    rankingCall(sessionId, "/refine", body, signal), signal),

  /**
   * Drops the last refinement step and ranks again.
   * @param {RankingOptions} body
   * @param {AbortSignal} [signal]
   */
  undo: (body, signal) => withSession((sessionId) =>
    rankingCall(sessionId, "/undo", body, signal), signal),

  /**
   * Ranks the session's last search again with other controls (filter, cut, order); nothing new is fetched.
   * @param {RankingOptions} body
   * @param {AbortSignal} [signal]
   */
  rank: (body, signal) => withSession((sessionId) =>
    rankingCall(sessionId, "/rank", body, signal), signal),

  /**
   * What the filters can choose from: categories, tags, sources, import dates (no session needed).
   * @param {AbortSignal} [signal]
   * @returns {Promise<CatalogFacets>}
   */
  facets: async (signal) => (await request("GET", route("/api/catalog/facets"), { signal })).data,

  /**
   * Uploads one image (multipart field "image").
   * @param {File} file
   * @param {AbortSignal} [signal]
   * @returns {Promise<UploadView>}
   */
  upload: (file, signal) => withSession(async (sessionId) => {
    const form = new FormData();
    form.append("image", file, file.name);
    return (await request("POST", sessionPath("/uploads"), { body: form, signal, sessionId })).data;
  }, signal),

  /**
   * Clears the session's query, results and images; a tab without a session has nothing to reset.
   * @param {AbortSignal} [signal]
   * @returns {Promise<SessionView | null>}
   */
  async reset(signal) {
    if (!sessionStore.get()) return null;
    return withSession(async (sessionId) =>
      (await request("POST", sessionPath("/reset"), { signal, sessionId })).data, signal);
  },
};

/**
 * "embed;dur=12.5, rank;dur=3" -> [{ name: "embed", dur: 12.5 }, { name: "rank", dur: 3 }]
 * @param {string | null} header
 * @returns {ServerTimingMetric[]}
 */
export function parseServerTiming(header) {
  if (!header) return [];
  return header.split(",").map((entry) => {
    const [name, ...params] = entry.trim().split(";");
    const dur = params.map((p) => p.trim().match(/^dur=([\d.]+)$/)).find(Boolean);
    return { name: name.trim(), dur: dur ? Number(dur[1]) : null };
  }).filter((m) => m.name);
}
