// Test-only: compile each JSON Schema given in Ajv's strict mode (draft 2020-12), then validate
// each document given after "--" against the schema named by its "schema" tag. Prints one JSON line.
"use strict";
const fs = require("fs");
const path = require("path");
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");

const args = process.argv.slice(2);
const split = args.indexOf("--");
const schemas = split < 0 ? args : args.slice(0, split);
const documents = split < 0 ? [] : args.slice(split + 1);
const result = { compiled: {}, validated: {} };
const byTag = {};
for (const file of schemas) {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  try {
    const schema = JSON.parse(fs.readFileSync(file, "utf8"));
    const validate = ajv.compile(schema);
    result.compiled[path.basename(file)] = "ok";
    byTag[schema.properties.schema.const] = validate;
  } catch (error) {
    result.compiled[path.basename(file)] = String(error.message);
  }
}
for (const file of documents) {
  const document = JSON.parse(fs.readFileSync(file, "utf8"));
  const validate = byTag[document.schema];
  result.validated[path.basename(file)] = validate ? (validate(document) ? "valid" : "invalid") : "no schema";
}
console.log(JSON.stringify(result));
