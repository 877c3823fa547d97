/**
 * @file
 * workplan — a data model for Chinese public-sector work plans.
 *
 * The umbrella header: include this one. See doc/API.md for conventions
 * (errors, ownership, thread safety) and MODEL.md for the field names.
 */
#ifndef WORKPLAN_WORKPLAN_H
#define WORKPLAN_WORKPLAN_H

#include "common.h"
#include "workplan/version.h" /* generated into the build tree */
#include "errors.h"
#include "date.h"
#include "plan.h"
#include "node.h"
#include "iter.h"
#include "unit.h"
#include "assignment.h"
#include "indicator.h"
#include "progress.h"
#include "attr.h"
#include "cbor.h"
#include "json.h"
#include "corpus.h"
#include "query.h"
#include "rollup.h"
#include "collection.h"
#include "import.h"
#include "export.h"
#include "diff.h"
#include "columns.h"

#endif
