// Call Console's Lambda runtime for Node.js. The console starts it with the handler file and
// talks to it over fd 3, a socket it opened for this process; stdout and stderr stay the
// handler's own and become the invocation's log, as CloudWatch would show it.
// Frames both ways: a 4-byte big-endian length, then UTF-8 JSON.
//   console → runtime  {"id":N,"requestId":"…","deadlineMs":EPOCH_MS,"event":{…}}
//   runtime → console  {"type":"ready","runtime":"node v20…"} once the file is loaded, or
//                      {"type":"initError","error":{…}} and exit;
//                      {"type":"result","id":N,"result":…} or {"type":"error","id":N,"error":{…}}
// Errors have Lambda's shape: {"errorType","errorMessage","trace":[…]}.
//   node node-runtime.js FILE EXPORT FUNCTION_NAME MEMORY_MB
'use strict';
const net = require('net');
const path = require('path');
const { pathToFileURL } = require('url');

const [file, exportName, functionName, memoryLimitInMB] = process.argv.slice(2);
const channel = new net.Socket({ fd: 3, readable: true, writable: true });
let current = null; // the invocation running now
let handler = null;

function send(message, then) {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length);
  channel.write(Buffer.concat([head, body]), then);
}

function describe(error, errorType) {
  if (error instanceof Error) {
    return { errorType: errorType || error.name || 'Error', errorMessage: error.message,
             trace: String(error.stack || '').split('\n') };
  }
  return { errorType: errorType || typeof error, errorMessage: String(error), trace: [] };
}

async function load() {
  let loaded;
  try {
    loaded = require(file);
  } catch (error) {
    if (!error || (error.code !== 'ERR_REQUIRE_ESM' && error.code !== 'ERR_REQUIRE_ASYNC_MODULE'))
      throw error;
    loaded = await import(pathToFileURL(file).href);
  }
  const found = loaded[exportName] ?? (loaded.default && loaded.default[exportName]);
  if (typeof found !== 'function') {
    const error = new Error(`${path.basename(file, path.extname(file))}.${exportName} is undefined or not exported`);
    error.lambdaType = 'Runtime.HandlerNotFound';
    throw error;
  }
  return found;
}

function initErrorType(error) {
  if (error && error.lambdaType)
    return error.lambdaType;
  if (error instanceof SyntaxError)
    return 'Runtime.UserCodeSyntaxError';
  if (error && error.code === 'MODULE_NOT_FOUND')
    return 'Runtime.ImportModuleError';
  return undefined;
}

function invoke(request) {
  const context = {
    awsRequestId: request.requestId,
    functionName,
    functionVersion: '$LATEST',
    memoryLimitInMB,
    invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION}:123456789012:function:${functionName}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'callconsole',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, request.deadlineMs - Date.now()),
  };
  return new Promise((resolve, reject) => {
    const callback = (error, result) => (error !== null && error !== undefined ? reject(error) : resolve(result));
    context.done = callback;
    context.succeed = (result) => resolve(result);
    context.fail = (error) => reject(error);
    const returned = handler(request.event, context, callback);
    if (returned && typeof returned.then === 'function')
      returned.then(resolve, reject);
    else if (handler.length < 3)
      resolve(returned);
  });
}

function failCurrent(error, errorType) {
  const described = describe(error, errorType);
  process.stderr.write(`ERROR\tInvoke Error\t${described.trace.length ? described.trace.join('\n') : described.errorMessage}\n`);
  if (current)
    send({ type: 'error', id: current.id, error: described }, () => process.exit(1));
  else
    process.exit(1);
}

async function run(request) {
  current = request;
  let message;
  try {
    const result = await invoke(request);
    message = { type: 'result', id: request.id, result: result === undefined ? null : result };
    JSON.stringify(message); // a result that cannot be serialized is the handler's error
  } catch (error) {
    const described = describe(error);
    process.stderr.write(`ERROR\tInvoke Error\t${described.trace.length ? described.trace.join('\n') : described.errorMessage}\n`);
    message = { type: 'error', id: request.id, error: described };
  }
  current = null;
  send(message);
}

// A throw outside the awaited chain (a timer, an event handler) ends the process, as in Lambda.
process.on('uncaughtException', (error) => failCurrent(error, 'Runtime.UncaughtException'));
process.on('unhandledRejection', (error) => failCurrent(error, 'Runtime.UnhandledPromiseRejection'));

let pending = Buffer.alloc(0);
channel.on('data', (chunk) => {
  pending = Buffer.concat([pending, chunk]);
  while (pending.length >= 4) {
    const length = pending.readUInt32BE(0);
    if (pending.length < 4 + length)
      break;
    const request = JSON.parse(pending.subarray(4, 4 + length).toString('utf8'));
    pending = pending.subarray(4 + length);
    run(request);
  }
});
channel.on('end', () => process.exit(0));
channel.on('error', () => process.exit(0));

load().then((loaded) => {
  handler = loaded;
  send({ type: 'ready', runtime: `node ${process.version}` });
}, (error) => {
  const described = describe(error, initErrorType(error));
  if (error instanceof SyntaxError && described.trace.length && /:\d+$/.test(described.trace[0]))
    described.errorMessage = `${described.trace[0]}: SyntaxError: ${error.message}`; // where, as node prints it
  process.stderr.write(`${described.trace.length ? described.trace.join('\n') : described.errorMessage}\n`);
  send({ type: 'initError', error: described }, () => process.exit(1));
});
