// Serves a Lambda handler file over HTTP for the tests, the way the PSTN audio service invokes
// it: each POST body is the event, handler(event, context[, callback]) answers, its result is the
// response body. A thrown error is answered as Lambda reports a function error (the
// X-Amz-Function-Error header and an errorType/errorMessage body), with status 500 so that the
// simulator counts the invocation as failed.
//   node lambda_http.js HANDLER_FILE [EXPORT_NAME]   -> prints "listening on http://127.0.0.1:PORT"
'use strict';
const http = require('http');
const path = require('path');
const crypto = require('crypto');

const [file, exportName = 'handler'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node lambda_http.js HANDLER_FILE [EXPORT_NAME]');
  process.exit(2);
}
const handler = require(path.resolve(file))[exportName];
if (typeof handler !== 'function') {
  console.error(`${file}: exports no function named ${exportName}`);
  process.exit(2);
}

const timeoutMs = 20000;

function invoke(event) {
  const started = Date.now();
  const context = {
    awsRequestId: crypto.randomUUID(),
    functionName: path.basename(file, path.extname(file)),
    memoryLimitInMB: '128',
    getRemainingTimeInMillis: () => Math.max(0, timeoutMs - (Date.now() - started)),
  };
  return new Promise((resolve, reject) => {
    const callback = (error, result) => (error ? reject(error) : resolve(result));
    try {
      const returned = handler.length >= 3 ? handler(event, context, callback) : handler(event, context);
      if (returned && typeof returned.then === 'function')
        returned.then(resolve, reject);
      else if (handler.length < 3)
        resolve(returned);
    } catch (error) {
      reject(error);
    }
  });
}

const server = http.createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', async () => {
    try {
      const result = await invoke(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(result === undefined ? null : result));
    } catch (error) {
      response.writeHead(500, { 'Content-Type': 'application/json', 'X-Amz-Function-Error': 'Unhandled' });
      response.end(JSON.stringify({ errorType: (error && error.name) || 'Error',
                                    errorMessage: String(error && error.message ? error.message : error) }));
    }
  });
});
server.listen(0, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
