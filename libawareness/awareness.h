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
#include "awareness-xapi.h"
#include "awareness-json.h"
#include "awareness-xapi-validate.h"
#include "awareness-store.h"
#include "awareness-config.h"
#include "awareness-client.h"
#include "awareness-sync.h"
#include "awareness-transfer.h"
#include "awareness-package.h"
#include "awareness-schedule.h"
#include "awareness-progress.h"
#undef AWARENESS_INSIDE
