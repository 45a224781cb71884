// SPDX-License-Identifier: GPL-3.0-or-later
// A real SMTP server (npm smtp-server) for the tests: it listens on the
// given address, refuses the recipients given with --refuse (550), and
// offers STARTTLS only with --starttls.  It prints "listening PORT", then
// one JSON line per message received: envelope, the raw headers and the
// text as mailparser decodes it.
'use strict';

const { SMTPServer } = require('smtp-server');
const { SMTPConnection } = require('smtp-server/lib/smtp-connection');
const { simpleParser } = require('mailparser');

const args = process.argv.slice(2);
const refused = [];
let host = '127.0.0.1';
let starttls = false;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--refuse')
    refused.push(args[++i].toLowerCase());
  else if (args[i] === '--host')
    host = args[++i];
  else if (args[i] === '--starttls')
    starttls = true;
}

// smtp-server holds every connection's greeting for 100 ms to catch clients
// that talk before it (spam bots), with no option to turn it off: each
// message then took 100 ms more than its work, which bounded the tests and
// bench/bench-drills.c at under 10 messages a second.  The clients here are
// ours, on loopback: greet them at once.
SMTPConnection.prototype.init = function () {
  this._setListeners(() => this.connectionReady());
};

const server = new SMTPServer({
  authOptional: true,
  hideSTARTTLS: !starttls,
  logger: false,
  // No DNS for the client's name: loopback only, and no wait for a resolver.
  disableReverseLookup: true,
  onRcptTo(address, session, callback) {
    if (refused.includes(address.address.toLowerCase())) {
      const error = new Error('No such user here');
      error.responseCode = 550;
      return callback(error);
    }
    callback();
  },
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', async () => {
      const raw = Buffer.concat(chunks);
      const parsed = await simpleParser(raw);
      const headerEnd = raw.indexOf('\r\n\r\n');
      process.stdout.write(JSON.stringify({
        from: session.envelope.mailFrom.address,
        to: session.envelope.rcptTo.map((r) => r.address),
        rawHeaders: raw.subarray(0, headerEnd).toString('latin1'),
        subject: parsed.subject,
        contentType: parsed.headers.get('content-type').value,
        charset: parsed.headers.get('content-type').params.charset,
        text: parsed.text,
      }) + '\n');
      callback();
    });
  },
});

server.listen(0, host, () => {
  process.stdout.write(`listening ${server.server.address().port}\n`);
});
process.stdin.on('end', () => server.close(() => process.exit(0)));
process.stdin.resume();
