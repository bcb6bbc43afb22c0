// The page's names for the types of the API contract (openapi.json next to this page, served by the API at
// /api/openapi.json). Types only: no page loads this file. The test command generates TypeScript types from the contract
// (.artifacts/contract/imagesearch-api.d.ts, mapped to "imagesearch-api" by tools/contract/tsconfig.json) and type-checks
// the page's scripts against them, so a field the page reads or sends that the contract does not have fails the build.
/** @typedef {import("imagesearch-api").paths} Paths */
/** @typedef {import("imagesearch-api").components["schemas"]} Schemas */
/** @typedef {Schemas["SearchResponse"]} SearchResponse */
/** @typedef {Schemas["SearchHit"]} SearchHit */
/** @typedef {Schemas["AppliedRefinement"]} AppliedRefinement */
/** @typedef {Schemas["SessionView"]} SessionView */
/** @typedef {Schemas["UploadView"]} UploadView */
/** @typedef {Schemas["HealthReport"]} HealthReport */
/** @typedef {Schemas["Stage"]} Stage */
/** @typedef {Schemas["SearchRequest"]} SearchRequest */
/** @typedef {Schemas["RefineRequest"]} RefineRequest */
/** @typedef {Schemas["RankingOptions"]} RankingOptions */
/** @typedef {Schemas["Problem"]} Problem */
/** @typedef {Schemas["Filter"]} Filter */
/** @typedef {Schemas["Controls"]} Controls */
/** @typedef {Schemas["Cut"]} Cut */
/** @typedef {Schemas["ResultOrder"]} ResultOrder */
/** @typedef {Schemas["SourceName"]} SourceName */
/** @typedef {Schemas["CatalogFacets"]} CatalogFacets */
/** @typedef {Schemas["Problem400" | "Problem403" | "Problem404" | "Problem409" | "Problem413" | "Problem415" | "Problem500" | "Problem503"]["type"]} ProblemType */
/** @typedef {ProblemType extends `https://imagesearch.dev/problems/${infer Name}` ? Name : never} ProblemName */
/** @typedef {{ name: string, dur: number | null }} ServerTimingMetric */
/** @typedef {{ data: SearchResponse, serverTiming: ServerTimingMetric[] }} RankedAnswer */

export {};
