// What the page finds on `window`: its deployment settings (static-site/config.js).
interface Window {
  IMAGESEARCH_CONFIG?: {
    /** What goes in front of "/api/...": "" for the page's own origin. */
    apiBase?: string;
    /** Results per search (default 10). */
    top?: number;
    /** The page's own upload checks; the server's answer always wins. */
    maxUploads?: number;
    maxUploadMiB?: number;
  };
}
