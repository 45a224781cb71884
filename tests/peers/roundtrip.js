// SPDX-License-Identifier: GPL-3.0-or-later
//
// Round trips with two independent xAPI clients from npm against a running
// awareness-server: @xapi/xapi (xAPI 1.0.3) and TinCanJS (which speaks
// 1.0.2).  Usage: node roundtrip.js ENDPOINT KEY SECRET HOME-PAGE STAFF-ID
// (with NODE_EXTRA_CA_CERTS naming the server's certificate).  Exits 0
// only if every step did what the specification says.
'use strict';

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const XAPI = require('@xapi/xapi').default;
const TinCan = require('tincanjs');

const [endpoint, key, secret, homePage, staffId] = process.argv.slice(2);
const actor = { objectType: 'Agent', account: { homePage, name: staffId } };
const activity = 'https://awareness.example/activities/minamikyushu/peers';

function statement (verb) {
  return {
    actor,
    verb: { id: `http://adlnet.gov/expapi/verbs/${verb}`, display: { 'en-US': verb } },
    object: { objectType: 'Activity', id: activity, definition: { name: { 'ja-JP': '相互運用', 'en-US': 'Interoperability' } } },
  };
}

async function withXapi () {
  const xapi = new XAPI({ endpoint, auth: XAPI.toBasicAuth(key, secret), version: '1.0.3' });

  // One statement, then read back by id.
  const sent = await xapi.sendStatement({ statement: statement('experienced') });
  const id = sent.data[0];
  const got = await xapi.getStatement({ statementId: id });
  assert.equal(got.data.id, id);
  assert.equal(got.data.actor.account.name, staffId);
  assert.ok(got.data.stored, 'stored is set');
  assert.ok(got.data.authority, 'authority is set');

  // A batch, then filters and paging with more.
  const verb = `http://adlnet.gov/expapi/verbs/attempted-${crypto.randomUUID()}`;
  const batch = [1, 2, 3].map(() => ({ ...statement('attempted'), verb: { id: verb, display: { 'en-US': 'attempted' } } }));
  const ids = (await xapi.sendStatements({ statements: batch })).data;
  assert.equal(ids.length, 3);
  const page = await xapi.getStatements({ verb, limit: 2 });
  assert.equal(page.data.statements.length, 2);
  assert.ok(page.data.more, 'a first page of two has more');
  const rest = await xapi.getMoreStatements({ more: page.data.more });
  assert.equal(rest.data.statements.length, 1);
  const seen = new Set([...page.data.statements, ...rest.data.statements].map((s) => s.id));
  assert.deepEqual([...seen].sort(), [...ids].sort());

  // PUT with an id of our own, twice: idempotent.
  const own = crypto.randomUUID();
  await xapi.sendStatement({ statement: { ...statement('completed'), id: own } });
  await xapi.sendStatement({ statement: { ...statement('completed'), id: own } });
  // The same id with other content is a conflict.
  await assert.rejects(xapi.sendStatement({ statement: { ...statement('passed'), id: own } }),
                       (error) => error.response && error.response.status === 409);

  // Voiding: the statement is gone by id, and found as voided.
  await xapi.voidStatement({ actor, statementId: own });
  await assert.rejects(xapi.getStatement({ statementId: own }),
                       (error) => error.response && error.response.status === 404);
  const voided = await xapi.getVoidedStatement({ voidedStatementId: own });
  assert.equal(voided.data.id, own);

  // A statement that breaks the specification is refused.
  await assert.rejects(xapi.sendStatement({ statement: { actor: { mbox: 'not-an-email' }, verb: { id: 'x' }, object: { id: activity } } }),
                       (error) => error.response && error.response.status === 400);
}

function withTinCan () {
  return new Promise((resolve, reject) => {
    const lrs = new TinCan.LRS({ endpoint, username: key, password: secret, allowFail: false, version: '1.0.2' });
    const sent = new TinCan.Statement({ id: TinCan.Utils.getUUID(), ...statement('answered') });

    lrs.saveStatement(sent, {
      callback (error, xhr) {
        if (error !== null) {
          return reject(new Error(`TinCanJS saveStatement: ${error} ${xhr && xhr.responseText}`));
        }
        lrs.retrieveStatement(sent.id, {
          callback (error2, got) {
            if (error2 !== null) {
              return reject(new Error(`TinCanJS retrieveStatement: ${error2}`));
            }
            try {
              assert.equal(got.id, sent.id);
              assert.equal(got.actor.account.name, staffId);
              resolve();
            } catch (e) {
              reject(e);
            }
          },
        });
      },
    });
  });
}

(async () => {
  await withXapi();
  console.log('ok - @xapi/xapi round trips');
  await withTinCan();
  console.log('ok - TinCanJS (xAPI 1.0.2) round trip');
})().catch((error) => {
  console.error(`not ok - ${error.stack || error}`);
  if (error.response) {
    console.error(`  HTTP ${error.response.status}: ${JSON.stringify(error.response.data)}`);
  }
  process.exit(1);
});
