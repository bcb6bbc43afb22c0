// Deployment settings for the ImageSearch page; replace this file per environment (e.g. Azure Static Web Apps).
// apiBase: what goes in front of "/api/..." - "" means the same origin as the page,
// otherwise e.g. "https://imagesearch-func.azurewebsites.net" (that origin must allow this page in CORS).
window.IMAGESEARCH_CONFIG = { apiBase: "" };
