// Script conversion (Traditional -> Simplified, full-width -> half-width) over ICU's utrans
// transliterators. The header uses plain C types only so Swift modules that import Foundation can
// use it (ICU's own headers clash with Foundation's copy of ICU). Text goes in and out as UTF-8
// with explicit lengths; the UTF-16 round trip ICU needs happens here, in reusable buffers.
//
// A transform owns its ICU transliterator and its work buffers, which are not thread-safe: callers
// that share one bracket salon_transform_utf8 and their read of its output with
// salon_transform_lock/unlock, or give each thread its own copy (salon_transform_clone).
// salon_transform_may_change reads only a frozen set and needs no lock.
#ifndef SALON_ICU_TRANSFORM_H
#define SALON_ICU_TRANSFORM_H

#include <stddef.h>
#include <stdint.h>

/// An opaque transliterator with its work buffers.
typedef struct salon_transform salon_transform;

/// No error.
#define SALON_TRANSFORM_OK 0
/// ICU does not know the transform ID.
#define SALON_TRANSFORM_UNKNOWN_ID 1
/// Memory could not be allocated.
#define SALON_TRANSFORM_NO_MEMORY 2
/// The input is not well-formed UTF-8.
#define SALON_TRANSFORM_INVALID_UTF8 3
/// ICU reported another error (the ICU code is in *icu_error where the call takes one).
#define SALON_TRANSFORM_ICU_FAILURE 4

/// Opens an ICU system transform by ID ("Traditional-Simplified", "Fullwidth-Halfwidth", ...),
/// forward direction. Returns NULL and sets *error (SALON_TRANSFORM_*) on failure.
salon_transform *salon_transform_open(const char *id, int *error);

/// An independent copy (utrans_clone) for use on another thread. Returns NULL and sets *error on
/// failure.
salon_transform *salon_transform_clone(const salon_transform *transform, int *error);

/// Frees the transform and its buffers. Accepts NULL.
void salon_transform_close(salon_transform *transform);

/// Whether the transform could change the UTF-8 text. 0 means the text is certainly left as is,
/// so callers can skip the conversion. Judged from the characters at which a rule changes the text
/// (parsed from plain "X > Y;" rules), or from utrans_getSourceSet for transforms whose rules are
/// not that simple. Safe to call from any thread without the lock.
int salon_transform_may_change(const salon_transform *transform, const uint8_t *utf8, size_t len);

/// With enabled = 0, salon_transform_utf8 sends every text through ICU instead of the
/// single-character table (see salon_transform_may_change); for tests that prove the table agrees
/// with ICU. Enabled by default.
void salon_transform_set_table(salon_transform *transform, int enabled);

/// Takes the transform's mutex (pthread), for callers that share one transform between threads.
void salon_transform_lock(salon_transform *transform);

/// Releases the mutex taken by salon_transform_lock.
void salon_transform_unlock(salon_transform *transform);

/// Transliterates UTF-8 text: through a table of the transform's single-character rules when its
/// rules are plain and no multi-character rule's source occurs in the text (the same result, about
/// ten times faster), otherwise with utrans_transUChars. On success *out points at the transform's
/// UTF-8 output buffer (valid until the next call on this transform) and *out_len holds its
/// length. Returns SALON_TRANSFORM_OK or SALON_TRANSFORM_*; *icu_error (may be NULL) receives the
/// raw ICU code on SALON_TRANSFORM_ICU_FAILURE.
int salon_transform_utf8(salon_transform *transform, const uint8_t *utf8, size_t len,
                         const uint8_t **out, size_t *out_len, int *icu_error);

#endif
