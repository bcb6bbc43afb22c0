// Deployment settings for the ImageSearch page; replace this file per environment (e.g. Azure Static Web Apps).
// apiBase: what goes in front of "/api/..." - "" means the same origin as the page,
// otherwise e.g. "https://imagesearch-func.azurewebsites.net" (that origin must allow this page in CORS).
// Optional: top (results per search, default 10); maxUploads and maxUploadMiB (default 5 and 10) only drive the
// page's own checks and hints - keep them equal to the server's Uploads settings, whose answer always wins.
window.IMAGESEARCH_CONFIG = { apiBase: "" };
