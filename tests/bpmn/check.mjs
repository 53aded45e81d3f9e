// Validates BPMN files with bpmn.io's own parser (bpmn-moddle) and linter (bpmnlint,
// config bpmnlint:recommended), and checks that every element has a diagram shape or edge.
// Usage: node check.mjs FILE...   Prints one JSON report per file, as a JSON list.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import BpmnModdle from "bpmn-moddle";

const require = createRequire(import.meta.url);
const { Linter } = require("bpmnlint");
const NodeResolver = require("bpmnlint/lib/resolver/node-resolver");

const DRAWN = ["bpmn:FlowNode", "bpmn:Participant", "bpmn:Lane", "bpmn:SequenceFlow"];

function walk(element, seen, out) {
  if (!element || typeof element !== "object" || seen.has(element)) return;
  seen.add(element);
  if (element.$type && element.id && DRAWN.some((t) => element.$instanceOf(t))) out.push(element);
  for (const key of Object.keys(element)) {
    if (key.startsWith("$") || key === "di") continue;
    const value = element[key];
    if (Array.isArray(value)) value.forEach((v) => { if (v && v.$parent === element) walk(v, seen, out); });
    else if (value && value.$type && value.$parent === element) walk(value, seen, out);
  }
}

async function check(file) {
  const xml = await readFile(file, "utf8");
  const moddle = new BpmnModdle();
  const { rootElement, warnings } = await moddle.fromXML(xml, "bpmn:Definitions");
  const linter = new Linter({ config: { extends: "bpmnlint:recommended" }, resolver: new NodeResolver() });
  const results = await linter.lint(rootElement);
  const lint = [];
  for (const [rule, reports] of Object.entries(results)) {
    for (const r of reports) lint.push({ rule, id: r.id, message: r.message, category: r.category });
  }
  const drawn = new Set();
  for (const diagram of rootElement.diagrams || []) {
    for (const el of diagram.plane.planeElement || []) if (el.bpmnElement) drawn.add(el.bpmnElement.id);
  }
  const elements = [];
  for (const root of rootElement.rootElements || []) walk(root, new Set(), elements);
  const undrawn = elements.filter((e) => !drawn.has(e.id)).map((e) => e.id);
  return {
    file,
    warnings: warnings.map((w) => w.message),
    errors: lint.filter((l) => l.category === "error"),
    lintWarnings: lint.filter((l) => l.category !== "error"),
    elements: elements.length,
    undrawn,
  };
}

const reports = [];
for (const file of process.argv.slice(2)) {
  try {
    reports.push(await check(file));
  } catch (e) {
    reports.push({ file, fatal: String(e && e.message || e) });
  }
}
console.log(JSON.stringify(reports, null, 1));
