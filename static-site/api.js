// HTTP client for the ImageSearch API. Every call goes through `request` (JSON in and out, problem+json errors
// become ApiError); calls that need a session go through `withSession`, which creates the tab's session on first
// use and, when the server says the session expired, creates a new one and retries once.

const config = window.IMAGESEARCH_CONFIG ?? {};
const apiBase = String(config.apiBase ?? "").replace(/\/+$/, "");
const SESSION_KEY = "imagesearch.sessionId";

/** An error answer from the API; `message` is the problem's detail, fit to show to the user. */
export class ApiError extends Error {
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
}

/** Resolves an API path ("/api/catalog/x/image") against apiBase; absolute URLs pass through unchanged. */
export function apiUrl(path) {
  if (/^([a-z][a-z\d+.-]*:|\/\/)/i.test(path)) return path;
  return apiBase + (path.startsWith("/") ? path : `/${path}`);
}

async function request(method, path, { body, signal } = {}) {
  const init = { method, signal, headers: { Accept: "application/json, application/problem+json" } };
  if (body instanceof FormData) {
    init.body = body;
  } else if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(apiUrl(path), init);
  } catch (err) {
    if (err.name === "AbortError") throw err;
    throw new ApiError(0, { detail: "Could not reach the ImageSearch service. Check your connection and try again." });
  }
  const isJson = /json/i.test(response.headers.get("Content-Type") ?? "");
  const data = isJson ? await response.json().catch(() => null) : null;
  signal?.throwIfAborted();
  if (!response.ok) throw new ApiError(response.status, data);
  return { data, headers: response.headers };
}

// sessionStorage: one session per tab, kept across reloads. Falls back to memory where storage is blocked.
let memorySessionId = null;
export const sessionStore = {
  get() {
    try { return sessionStorage.getItem(SESSION_KEY); } catch { return memorySessionId; }
  },
  set(id) {
    memorySessionId = id;
    try {
      if (id) sessionStorage.setItem(SESSION_KEY, id); else sessionStorage.removeItem(SESSION_KEY);
    } catch { /* storage blocked: the in-memory copy lasts until reload */ }
  },
};

const sessionPath = (id, suffix = "") => `/api/sessions/${encodeURIComponent(id)}${suffix}`;
const isExpired = (err) => err instanceof ApiError && err.problemName === "session-not-found";

async function createSession(signal) {
  const { data } = await request("POST", "/api/sessions", { signal });
  sessionStore.set(data.sessionId);
  return data.sessionId;
}

const isConflict = (err) => err instanceof ApiError && err.problemName === "session-conflict";
const pause = (ms, signal) => new Promise((resolve, reject) => {
  const timer = setTimeout(resolve, ms);
  signal?.addEventListener("abort", () => { clearTimeout(timer); reject(signal.reason); }, { once: true });
});

// A 409 session-conflict means another request of this tab (say an upload during a search) changed the session at
// the same moment and nothing was applied: the call is repeated once.
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

async function rankingCall(path, body, signal) {
  const { data, headers } = await request("POST", path, { body, signal });
  return { data, serverTiming: parseServerTiming(headers.get("Server-Timing")) };
}

export const api = {
  /** The tab's current session, or null when it has none or it expired (a new one is made on the next call). */
  async currentSession(signal) {
    const id = sessionStore.get();
    if (!id) return null;
    try {
      return (await request("GET", sessionPath(id), { signal })).data;
    } catch (err) {
      if (!isExpired(err)) throw err;
      sessionStore.set(null);
      return null;
    }
  },

  /**
   * A new search: { query?, uploadIds?, top, minScore? }. Returns { data, serverTiming } where data is the search
   * answer (results, effectiveQuery, refinements, ranking, sources, timings).
   */
  search: (body, signal) => withSession((id) => rankingCall(sessionPath(id, "/search"), body, signal), signal),

  /** One refinement step: { feedback } | { select: resultId } | { reject: resultId }, plus top and minScore. */
  refine: (body, signal) => withSession((id) => rankingCall(sessionPath(id, "/refine"), body, signal), signal),

  /** Drops the last refinement step and ranks again. */
  undo: (body, signal) => withSession((id) => rankingCall(sessionPath(id, "/undo"), body, signal), signal),

  /** Uploads one image (multipart field "image"); resolves to { id, fileName, width, height, caption, ... }. */
  upload: (file, signal) => withSession(async (id) => {
    const form = new FormData();
    form.append("image", file, file.name);
    return (await request("POST", sessionPath(id, "/uploads"), { body: form, signal })).data;
  }, signal),

  /** Clears the session's query, results and images; a tab without a session has nothing to reset. */
  async reset(signal) {
    if (!sessionStore.get()) return null;
    return withSession(async (id) => (await request("POST", sessionPath(id, "/reset"), { signal })).data, signal);
  },
};

/** "embed;dur=12.5, rank;dur=3" -> [{ name: "embed", dur: 12.5 }, { name: "rank", dur: 3 }] */
export function parseServerTiming(header) {
  if (!header) return [];
  return header.split(",").map((entry) => {
    const [name, ...params] = entry.trim().split(";");
    const dur = params.map((p) => p.trim().match(/^dur=([\d.]+)$/)).find(Boolean);
    return { name: name.trim(), dur: dur ? Number(dur[1]) : null };
  }).filter((m) => m.name);
}
