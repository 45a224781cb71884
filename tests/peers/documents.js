// SPDX-License-Identifier: GPL-3.0-or-later
//
// The State and Activity Profile resources of a running awareness-server
// through two independent xAPI clients from npm: @xapi/xapi (xAPI 1.0.3)
// and TinCanJS (1.0.2).  Each sets, gets, merges and deletes documents.
// Usage: node documents.js ENDPOINT KEY SECRET HOME-PAGE STAFF-ID (with
// NODE_EXTRA_CA_CERTS naming the server's certificate), as an
// administrator, who may write activity profiles.  Exits 0 only if every
// step did what the specification says.
'use strict';

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const XAPI = require('@xapi/xapi').default;
const TinCan = require('tincanjs');

const [endpoint, key, secret, homePage, staffId] = process.argv.slice(2);
const agent = { objectType: 'Agent', account: { homePage, name: staffId } };

function quotedSha1 (text) {
  return `"${crypto.createHash('sha1').update(text).digest('hex')}"`;
}

async function withXapi () {
  const xapi = new XAPI({ endpoint, auth: XAPI.toBasicAuth(key, secret), version: '1.0.3' });
  const activityId = `https://awareness.example/activities/peers/${crypto.randomUUID()}`;
  const registration = crypto.randomUUID();

  // State: set, get with its ETag, merge, the ids, delete one and all.
  await xapi.setState({ agent, activityId, stateId: 'bookmark', state: { page: 3, chapter: 'a' } });
  let got = await xapi.getState({ agent, activityId, stateId: 'bookmark' });
  assert.deepEqual(got.data, { page: 3, chapter: 'a' });
  assert.equal(got.headers.etag, quotedSha1(JSON.stringify(got.data)));
  await xapi.createState({ agent, activityId, stateId: 'bookmark', state: { page: 4, done: false } });
  got = await xapi.getState({ agent, activityId, stateId: 'bookmark' });
  assert.deepEqual(got.data, { page: 4, chapter: 'a', done: false });
  await xapi.setState({ agent, activityId, stateId: 'suspend', registration, state: { at: 'p7' } });
  assert.deepEqual((await xapi.getStates({ agent, activityId })).data, ['bookmark', 'suspend']);
  assert.deepEqual((await xapi.getStates({ agent, activityId, registration })).data, ['suspend']);
  await xapi.deleteState({ agent, activityId, stateId: 'bookmark' });
  await assert.rejects(xapi.getState({ agent, activityId, stateId: 'bookmark' }),
                       (error) => error.response && error.response.status === 404);
  await xapi.deleteStates({ agent, activityId });
  assert.deepEqual((await xapi.getStates({ agent, activityId })).data, []);

  // Activity Profile: create with If-None-Match, a stale ETag refused,
  // merge with the current one, delete.
  const profileId = 'settings';
  await xapi.setActivityProfile({ activityId, profileId, profile: { lang: 'ja' },
                                  etag: '*', matchHeader: 'If-None-Match' });
  await assert.rejects(xapi.setActivityProfile({ activityId, profileId, profile: { lang: 'en' },
                                                 etag: '*', matchHeader: 'If-None-Match' }),
                       (error) => error.response && error.response.status === 412);
  const profile = await xapi.getActivityProfile({ activityId, profileId });
  assert.deepEqual(profile.data, { lang: 'ja' });
  await xapi.createActivityProfile({ activityId, profileId, profile: { size: 'large' },
                                     etag: profile.headers.etag, matchHeader: 'If-Match' });
  assert.deepEqual((await xapi.getActivityProfile({ activityId, profileId })).data,
                   { lang: 'ja', size: 'large' });
  assert.deepEqual((await xapi.getActivityProfiles({ activityId })).data, [profileId]);
  await assert.rejects(xapi.deleteActivityProfile({ activityId, profileId, etag: profile.headers.etag }),
                       (error) => error.response && error.response.status === 412);
  await xapi.deleteActivityProfile({ activityId, profileId });
  assert.deepEqual((await xapi.getActivityProfiles({ activityId })).data, []);
}

// A TinCanJS call with a callback, as a promise of its result.
function tincan (lrs, method, ...args) {
  return new Promise((resolve, reject) => {
    const cfg = args.pop();

    lrs[method](...args, {
      ...cfg,
      callback (error, result) {
        if (error !== null) {
          const detail = result && result.responseText ? ` ${result.status} ${result.responseText}` : '';
          reject(new Error(`TinCanJS ${method}: ${error}${detail}`));
        } else {
          resolve(result);
        }
      },
    });
  });
}

async function withTinCan () {
  const lrs = new TinCan.LRS({ endpoint, username: key, password: secret, allowFail: false, version: '1.0.2' });
  const activity = new TinCan.Activity({ id: `https://awareness.example/activities/peers/${TinCan.Utils.getUUID()}` });
  const actor = new TinCan.Agent(agent);
  const json = 'application/json';

  await tincan(lrs, 'saveState', 'resume', { page: 1 }, { activity, agent: actor, contentType: json });
  let state = await tincan(lrs, 'retrieveState', 'resume', { activity, agent: actor });
  assert.deepEqual(state.contents, { page: 1 });
  await tincan(lrs, 'saveState', 'resume', { score: 80 },
               { activity, agent: actor, contentType: json, method: 'POST' });
  state = await tincan(lrs, 'retrieveState', 'resume', { activity, agent: actor });
  assert.deepEqual(state.contents, { page: 1, score: 80 });
  await tincan(lrs, 'dropState', 'resume', { activity, agent: actor });
  assert.equal(await tincan(lrs, 'retrieveState', 'resume', { activity, agent: actor }), null);

  await tincan(lrs, 'saveActivityProfile', 'glossary', { term: '標的型攻撃' },
               { activity, contentType: json });
  let profile = await tincan(lrs, 'retrieveActivityProfile', 'glossary', { activity });
  assert.deepEqual(profile.contents, { term: '標的型攻撃' });
  await tincan(lrs, 'saveActivityProfile', 'glossary', { en: 'targeted attack' },
               { activity, contentType: json, method: 'POST', lastSHA1: profile.etag });
  profile = await tincan(lrs, 'retrieveActivityProfile', 'glossary', { activity });
  assert.deepEqual(profile.contents, { term: '標的型攻撃', en: 'targeted attack' });
  await tincan(lrs, 'dropActivityProfile', 'glossary', { activity });
  assert.equal(await tincan(lrs, 'retrieveActivityProfile', 'glossary', { activity }), null);
}

(async () => {
  await withXapi();
  console.log('ok - @xapi/xapi State and Activity Profile');
  await withTinCan();
  console.log('ok - TinCanJS State and Activity Profile');
})().catch((error) => {
  console.error(`not ok - ${error.stack || error}`);
  if (error.response) {
    console.error(`  HTTP ${error.response.status}: ${JSON.stringify(error.response.data)}`);
  }
  process.exit(1);
});
