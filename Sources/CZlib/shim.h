// SPDX-License-Identifier: Apache-2.0
#ifndef HABITS_CZLIB_SHIM_H
#define HABITS_CZLIB_SHIM_H

#include <zlib.h>

/* inflateInit2 is a macro that passes zlib's version and z_stream's size
   along; Swift cannot call macros, so this does. A negative window size
   means raw DEFLATE, without zlib's header and checksum, as zip entries
   hold it. */
static inline int habits_inflate_init_raw(z_streamp stream) {
  return inflateInit2(stream, -MAX_WBITS);
}

#endif
