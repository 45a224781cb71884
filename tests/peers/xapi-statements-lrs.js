#!/usr/bin/env node
// Start Learning Locker's xapi-statements LRS (npm xapi-statements@5.0.1) in memory on loopback.
//
// usage: node start-lrs.js [port|0] [--tls KEY.pem CERT.pem]
//   env LRS_KEY / LRS_SECRET   Basic-auth credential accepted (default testkey / testsecret)
//   env LRS_AUTH=any           accept ANY Authorization header (package's built-in "test" auth)
//   env LRS_HOST               bind address (default 127.0.0.1)
//   env LRS_TMP                dir for access logs / attachment files (default: fresh mkdtemp dir)
// Prints exactly one line "LISTENING <port>" on stdout when ready (all logs go to stderr).
// Endpoints: /xAPI/statements, /xAPI/about, /xAPI/activities  (also mirrored under /data/xAPI/...)
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

// ---- args ----
const argv = process.argv.slice(2);
let port = 0, tlsKey = null, tlsCert = null;
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--tls') { tlsKey = argv[++i]; tlsCert = argv[++i]; }
  else port = parseInt(argv[i], 10) || 0;
}
const host = process.env.LRS_HOST || '127.0.0.1';
const tmp = process.env.LRS_TMP || fs.mkdtempSync(path.join(os.tmpdir(), 'xs-lrs-'));
const ownTmp = !process.env.LRS_TMP; // remove it on SIGTERM/SIGINT if we created it

// ---- package config: must be set BEFORE requiring xapi-statements (dist/config.js reads env at load) ----
const def = (k, v) => { if (process.env[k] === undefined) process.env[k] = v; };
def('MODELS_REPO', 'memory');          // in-memory statements/activities (default is already memory)
def('STORAGE_REPO', 'local');          // attachments on disk ("memory" silently falls back to local)
def('FS_LOCAL_STORAGE_DIR', path.join(tmp, 'storage'));
def('EVENTS_REPO', 'test');            // no-op events (default "redis" would try 127.0.0.1:6379)
def('AUTH_REPO', 'test');              // fake auth (default "mongo"); we override getClient below
def('EXPRESS_MORGAN_DIRECTORY', path.join(tmp, 'accessLogs'));
def('WINSTON_CONSOLE_LEVEL', 'error'); // winston: error -> stderr, other levels -> stdout
def('SERVICE_AWAIT_UPDATES', 'true');  // finish refs/queriables/activities before replying
def('LANG', 'en');                     // config.lang reads $LANG (unused, but keep it sane)

const D = 'xapi-statements/dist/';
const express = require('express');
const repoFacade = require(D + 'repo/facade').default;
const serviceFactory = require(D + 'service').default;
const presenterFactory = require(D + 'expressPresenter').default;
const translator = require(D + 'translatorFactory').default();
const config = require(D + 'config').default;
const logger = require(D + 'logger').default;
const tracker = require(D + 'tracker').default;
const constants = require(D + 'utils/constants');
const NoModel = require('jscommons/dist/errors/NoModel').default;

// ---- repo (same shape as dist/repo/factory.js, but explicit) ----
const repo = repoFacade({
  auth: { facade: config.repoFactory.authRepoName, fake: {},
          fetch: { llClientInfoEndpoint: config.llClientInfoEndpoint }, mongo: { url: config.mongo.url } },
  events: { facade: config.repoFactory.eventsRepoName,
            redis: { prefix: config.redis.prefix, url: config.redis.url } },
  models: { facade: config.repoFactory.modelsRepoName,
            memory: { state: { fullActivities: [], statements: [] } }, mongo: { url: config.mongo.url } },
  storage: { facade: config.repoFactory.storageRepoName, local: { storageDir: config.storage.local.storageDir },
             s3: { awsConfig: config.storage.s3.awsConfig, bucketName: config.storage.s3.bucketName,
                   subFolder: config.storage.s3.subFolder } },
});

// ---- auth: one known Basic key/secret; anything else -> NoModel -> 401 ----
const KEY = process.env.LRS_KEY || 'testkey';
const SECRET = process.env.LRS_SECRET || 'testsecret';
const CLIENT = {
  _id: '58fe13e34effd3c26a7fc4b7', title: 'loopback test client',
  authority: { objectType: 'Agent', name: KEY, mbox: 'mailto:' + KEY + '@lrs.invalid' },
  isTrusted: true, lrs_id: '58fe13e34effd3c26a7fc4b7', organisation: '58fe13e34effd3c26a7fc4b6',
  scopes: ['all'],
};
if (process.env.LRS_AUTH !== 'any') {
  const want = 'Basic ' + Buffer.from(KEY + ':' + SECRET).toString('base64');
  repo.getClient = async ({ authToken }) => {
    if (authToken && authToken.trim() === want) return { client: CLIENT };
    throw new NoModel('Client');
  };
}

// ---- service + express app (same wiring as dist/server.js, minus its app.listen/process.exit hooks) ----
const service = serviceFactory(Object.assign({ repo, tracker, logger }, config.service));
const presenter = presenterFactory({
  llClientInfoEndpoint: config.llClientInfoEndpoint,
  customRoute: config.express.customRoute, customRouteText: config.express.customRouteText,
  morganDirectory: config.express.morganDirectory, bodyParserLimit: config.express.bodyParserLimit,
  service, tracker, translator, logger,
});
const app = express();
app.disable('x-powered-by');
for (const prefix of ['', '/data']) {
  app.use(prefix + constants.aboutRoute, presenter.aboutRouter);              // /xAPI/about
  app.use(prefix + constants.fullActivitiesRoute, presenter.fullActivitiesRouter); // /xAPI/activities
  app.use(prefix + constants.statementsRoute, presenter.statementsRouter);    // /xAPI/statements
}

const server = tlsKey
  ? require('https').createServer({ key: fs.readFileSync(tlsKey), cert: fs.readFileSync(tlsCert) }, app)
  : require('http').createServer(app);
server.keepAliveTimeout = 60000;
server.listen(port, host, () => {
  process.stdout.write('LISTENING ' + server.address().port + '\n');
});
const stop = () => {               // everything is in memory: just drop it
  if (ownTmp) { try { fs.rmSync(tmp, { recursive: true, force: true }); } catch (e) { /* ignore */ } }
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
