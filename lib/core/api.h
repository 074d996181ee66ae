/* core/api.h — the export marker for public symbols.
 *
 * The library is compiled with -fvisibility=hidden; only functions declared
 * with SS_API are exported from libsamestory.so.  Internal helpers shared
 * between modules carry no marker.
 */
#ifndef SS_CORE_API_H
#define SS_CORE_API_H

#if defined(__GNUC__) || defined(__clang__)
#define SS_API __attribute__((visibility("default")))
#else
#define SS_API
#endif

#endif
