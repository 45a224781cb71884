#!/usr/bin/env node
// SPDX-License-Identifier: GPL-3.0-or-later
//
// An HTTPS proxy that the sync tests control: it ends TLS with the test
// certificate, forwards each request to the upstream LRS over TLS, and
// injects faults at random (seeded, so a failing run can be replayed):
//
//   drop-before   the connection is cut before the request reaches the LRS
//   drop-after    the LRS stores and answers; the answer is lost, cut
//   500-before    500 without forwarding
//   500-after     the LRS stores; the client gets a 500
//   429           429 with Retry-After: 1, without forwarding
//   slow          the request waits 3 s before it is forwarded (the
//                 client's timeout is shorter: it gives up, the LRS still
//                 stores it)
//
// usage: node fault-proxy.js --upstream URL --key KEY.pem --cert CERT.pem
//                            --ca CA.pem [--seed N] [--rate R] [--kinds a,b]
// Prints "LISTENING <port>" when ready.  GET /__proxy/stats answers the
// faults injected so far, as JSON, without forwarding.
'use strict';
const fs = require('fs');
const https = require('https');

const args = {};
for (let i = 2; i < process.argv.length; i += 2)
  args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];

const upstream = new URL(args.upstream);
const ca = fs.readFileSync(args.ca);
const rate = args.rate !== undefined ? parseFloat(args.rate) : 0.3;
const kinds = (args.kinds || 'drop-before,drop-after,500-before,500-after,429,slow').split(',');
let seed = (parseInt(args.seed || '1', 10) >>> 0) || 1;

// mulberry32: small, seeded, good enough to pick faults.
function random() {
  seed = (seed + 0x6D2B79F5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const stats = { requests: 0, forwarded: 0 };
for (const k of kinds) stats[k] = 0;
const agent = new https.Agent({ keepAlive: true, ca });

function forward(req, body, done) {
  const headers = Object.assign({}, req.headers);
  headers.host = upstream.host;
  const up = https.request({
    hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method,
    headers, agent, ca,
  }, (res) => {
    const chunks = [];
    res.on('data', (c) => chunks.push(c));
    res.on('end', () => { stats.forwarded++; done(null, res, Buffer.concat(chunks)); });
  });
  up.on('error', (e) => done(e));
  up.end(body);
}

function reply(res, upRes, body) {
  const headers = Object.assign({}, upRes.headers);
  delete headers['transfer-encoding'];
  delete headers.connection;
  headers['content-length'] = body.length;
  res.writeHead(upRes.statusCode, headers);
  res.end(body);
}

const server = https.createServer({ key: fs.readFileSync(args.key), cert: fs.readFileSync(args.cert) },
  (req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.url === '/__proxy/stats') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(stats));
        return;
      }
      stats.requests++;
      const kind = random() < rate ? kinds[Math.floor(random() * kinds.length)] : null;
      if (kind) stats[kind]++;
      switch (kind) {
        case 'drop-before':
          req.socket.destroy();
          return;
        case '500-before':
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end('{"error":"injected fault"}');
          return;
        case '429':
          res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
          res.end('{"error":"slow down"}');
          return;
        case 'slow':
          setTimeout(() => forward(req, body, (e, upRes, upBody) => {
            if (e || res.destroyed || req.socket.destroyed) return;
            reply(res, upRes, upBody);
          }), 3000);
          return;
        default:
          forward(req, body, (e, upRes, upBody) => {
            if (e) { req.socket.destroy(); return; }
            if (kind === 'drop-after') { req.socket.destroy(); return; }
            if (kind === '500-after') {
              res.writeHead(500, { 'content-type': 'application/json' });
              res.end('{"error":"injected fault after storing"}');
              return;
            }
            reply(res, upRes, upBody);
          });
      }
    });
  });
server.keepAliveTimeout = 30000;
server.listen(0, '127.0.0.1', () => process.stdout.write('LISTENING ' + server.address().port + '\n'));
process.on('SIGTERM', () => process.exit(0));
