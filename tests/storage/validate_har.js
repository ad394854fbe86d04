// Validates a HAR file against the HAR 1.2 JSON Schema with har-validator (Debian's
// node-har-validator; NODE_PATH=/usr/share/nodejs). Prints "valid" or the schema's errors.
'use strict';
const fs = require('fs');
const validate = require('har-validator');

validate.har(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')))
  .then(() => console.log('valid'))
  .catch((error) => {
    console.error(JSON.stringify(error.errors || String(error), null, 2));
    process.exit(1);
  });
