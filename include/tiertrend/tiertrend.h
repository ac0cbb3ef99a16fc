/* tiertrend.h — the tiertrend C library: time series of ordinal ratings.
 *
 * One include for the whole public API:
 *
 *   #include <tiertrend/tiertrend.h>
 *
 * and link with `pkg-config --libs tiertrend` (or the CMake target
 * tiertrend::tiertrend). The chart functions of tt_plot.h live in a second
 * library, tiertrend-plot (tiertrend::plot), which needs PLplot.
 *
 * The flow is file -> loader (tt_load.h) -> panel (tt_panel.h) ->
 * analyses (tt_transitions.h, tt_markov.h, tt_spells.h, ...) -> results the
 * caller formats or charts. The library never prints. Every function that
 * can fail takes a tt_error * and returns a code of tt_error.h; every
 * _alloc / _estimate / _load that returns an object has a _free.
 */
#ifndef TIERTREND_H
#define TIERTREND_H

#include "tt_version.h"

#include "tt_error.h"
#include "tt_scale.h"
#include "tt_panel.h"
#include "tt_load.h"
#include "tt_sources.h"

#include "tt_transitions.h"
#include "tt_markov.h"
#include "tt_homogeneity.h"
#include "tt_spells.h"
#include "tt_survival.h"
#include "tt_trends.h"
#include "tt_compare.h"
#include "tt_rules.h"

#include "tt_plot.h"

#endif
