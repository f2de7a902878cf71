// Validates SARIF files against the official SARIF 2.1.0 JSON schema (draft-04), as shipped by @microsoft/jest-sarif.
// Usage: node validate-sarif.cjs file.sarif...  Exit code 0 when every file is valid.
const Ajv = require('ajv');
const fs = require('fs');

const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, schemaId: 'id', logger: false });
ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json'));
const validate = ajv.compile(schema);
let failed = 0;
for (const file of process.argv.slice(2)) {
  if (validate(JSON.parse(fs.readFileSync(file, 'utf8')))) {
    console.log(`${file}: valid SARIF 2.1.0`);
  } else {
    failed++;
    console.log(`${file}: INVALID ${JSON.stringify(validate.errors.slice(0, 5))}`);
  }
}
process.exit(failed ? 1 : 0);
