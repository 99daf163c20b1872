// SPDX-License-Identifier: Apache-2.0
#ifndef HABITS_CLIBNOTIFY_SHIM_H
#define HABITS_CLIBNOTIFY_SHIM_H

#include <libnotify/notify.h>
#include <gio/gio.h>

#endif
