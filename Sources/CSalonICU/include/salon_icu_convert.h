// Streaming decoder from a legacy or UTF-16/32 encoding to UTF-8, over ICU's ucnv converters.
// The header uses plain C types only so Swift modules that import Foundation can use it (ICU's own
// headers clash with Foundation's copy of ICU). The decoder keeps the converter's state between
// chunks, so a multi-byte character cut by a chunk boundary decodes correctly, and it reports where
// it substituted U+FFFD for an illegal sequence, so a genuine U+FFFD in the input is never taken
// for a decoding error.
#ifndef SALON_ICU_CONVERT_H
#define SALON_ICU_CONVERT_H

#include <stddef.h>
#include <stdint.h>

/// An opaque streaming decoder; one per input stream.
typedef struct salon_decoder salon_decoder;

/// No error.
#define SALON_DECODER_OK 0
/// The charset name is not known to ICU.
#define SALON_DECODER_UNKNOWN_CHARSET 1
/// Memory could not be allocated.
#define SALON_DECODER_NO_MEMORY 2
/// ICU reported an error other than an illegal input sequence (the ICU code is in *icu_error).
#define SALON_DECODER_ICU_FAILURE 3

/// Opens a decoder for an ICU charset name ("gb18030", "UTF-16LE", "windows-1252", ...). The name
/// "utf-8" selects a pass-through mode that validates UTF-8 without converting it: the output
/// bytes are the input bytes, so byte offsets in the output equal offsets in the input.
/// Returns NULL and sets *error (SALON_DECODER_*) on failure.
salon_decoder *salon_decoder_open(const char *charset, int *error);

/// Frees the decoder and its buffers. Accepts NULL.
void salon_decoder_close(salon_decoder *decoder);

/// Decodes the next chunk of input. Bytes of an incomplete character at the end of the chunk are
/// kept and completed by the next call; pass flush = 1 with the last chunk (possibly empty) so an
/// incomplete character at the end of input counts as illegal.
/// On success *out points at the decoder's UTF-8 output (valid until the next call) and *out_len
/// holds its length. Returns SALON_DECODER_OK or SALON_DECODER_*; *icu_error receives the raw ICU
/// code on SALON_DECODER_ICU_FAILURE (may be NULL).
int salon_decoder_decode(salon_decoder *decoder, const uint8_t *in, size_t in_len, int flush,
                         const uint8_t **out, size_t *out_len, int *icu_error);

/// The number of illegal sequences found in the last call's input.
size_t salon_decoder_error_count(const salon_decoder *decoder);

/// Offsets, in the last call's UTF-8 output and in ascending order, where an illegal input
/// sequence was found. In converting mode a U+FFFD (EF BF BD) stands at each offset; in UTF-8
/// pass-through mode the offending bytes themselves are there, unchanged.
const size_t *salon_decoder_error_offsets(const salon_decoder *decoder);

/// Total illegal sequences seen since the decoder was opened.
uint64_t salon_decoder_total_errors(const salon_decoder *decoder);

/// Converts UTF-8 text to `charset` in one call (ICU `ucnv_convert`), for writing fixtures and
/// test files in legacy encodings. Writes at most `capacity` bytes and stores the full length in
/// *out_len. Returns SALON_DECODER_OK, SALON_DECODER_UNKNOWN_CHARSET, or SALON_DECODER_ICU_FAILURE
/// (also when `capacity` is too small; *out_len then says how much is needed).
int salon_encode_utf8(const char *charset, const uint8_t *utf8, size_t utf8_len, uint8_t *out,
                      size_t capacity, size_t *out_len);

#endif
