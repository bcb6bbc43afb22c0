// Lints the API contract (static-site/openapi.json, or the file given) with Redocly's OpenAPI 3.1 rules: its structure
// (`struct`: every object, field and type as the specification defines them), references, operation ids, path
// parameters, examples. Prints each problem and exits 1 when there is any.
//
//   node tools/contract/lint.mjs [file]
import { fileURLToPath } from "node:url";
import { createConfig, lint } from "@redocly/openapi-core";

const file = process.argv[2] ?? fileURLToPath(new URL("../../static-site/openapi.json", import.meta.url));
const config = await createConfig({
  extends: ["recommended"],
  rules: {
    "info-license": "off", // the API is not published for others to reuse
    "operation-4xx-response": "off", // creating a session, health and this document have no client error to report
    "security-defined": "off", // anonymous by design except the admin import, which declares its keys
    "no-unused-components": "off", // the 499 problem is listed for completeness: no client ever reads it
  },
});
const problems = await lint({ ref: file, config });
for (const p of problems) {
  console.log(`${p.severity}: ${p.ruleId}: ${p.message} at ${p.location?.[0]?.pointer ?? "?"}`);
}
process.exit(problems.length === 0 ? 0 : 1);
