/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#define AWARENESS_INSIDE
#include "awareness-types.h"
#include "awareness-problem.h"
#include "awareness-policy.h"
#include "awareness-module.h"
#include "awareness-question.h"
#include "awareness-catalog.h"
#include "awareness-attempt.h"
#include "awareness-iri.h"
#include "awareness-xapi.h"
#include "awareness-verdict.h"
#include "awareness-xapi-validate.h"
#include "awareness-store.h"
#include "awareness-review.h"
#include "awareness-config.h"
#include "awareness-client.h"
#include "awareness-sync.h"
#include "awareness-transfer.h"
#include "awareness-package.h"
#include "awareness-schedule.h"
#include "awareness-progress.h"
#include "awareness-environment.h"
#include "awareness-session.h"
#include "awareness-sign-in.h"
#undef AWARENESS_INSIDE
