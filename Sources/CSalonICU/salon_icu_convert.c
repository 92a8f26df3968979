// See include/salon_icu_convert.h. Converting mode runs ucnv_toUnicode into a UTF-16 buffer, then
// our own UTF-16 -> UTF-8 loop; a to-Unicode callback records where ICU substituted U+FFFD so the
// error positions can be mapped to UTF-8 output offsets. UTF-8 input is validated and copied.
#include "salon_icu_convert.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucnv_err.h>

struct salon_decoder {
    UConverter *converter;   // NULL in UTF-8 pass-through mode
    UChar *units;            // UTF-16 intermediate buffer
    size_t units_cap;
    uint8_t *out;            // UTF-8 output buffer
    size_t out_cap;
    size_t *errors;          // UTF-16 indices (while converting), then UTF-8 offsets
    size_t error_count;
    size_t errors_cap;
    uint64_t total_errors;
    UChar pending_high;      // a high surrogate waiting for its low half (0 when none)
    uint8_t carry[4];        // UTF-8 mode: bytes of an incomplete sequence from the last chunk
    size_t carry_len;
    int gb18030_2022;        // apply the GB18030-2022 remapping of 18 former private-use characters
};

static int push_error(salon_decoder *d, size_t position) {
    if (d->error_count == d->errors_cap) {
        size_t cap = d->errors_cap ? d->errors_cap * 2 : 64;
        size_t *grown = realloc(d->errors, cap * sizeof(size_t));
        if (!grown) return 0;
        d->errors = grown;
        d->errors_cap = cap;
    }
    d->errors[d->error_count++] = position;
    d->total_errors++;
    return 1;
}

static int reserve(void **buffer, size_t *cap, size_t needed, size_t element) {
    if (*cap >= needed) return 1;
    size_t cap_new = *cap ? *cap : 4096;
    while (cap_new < needed) cap_new *= 2;
    void *grown = realloc(*buffer, cap_new * element);
    if (!grown) return 0;
    *buffer = grown;
    *cap = cap_new;
    return 1;
}

// Substitutes U+FFFD like UCNV_TO_U_CALLBACK_SUBSTITUTE and records the UTF-16 index it went to.
static void U_CALLCONV record_illegal(const void *context, UConverterToUnicodeArgs *args,
                                      const char *code_units, int32_t length,
                                      UConverterCallbackReason reason, UErrorCode *error) {
    (void)code_units;
    (void)length;
    if (reason > UCNV_IRREGULAR) return;
    salon_decoder *d = (salon_decoder *)context;
    push_error(d, (size_t)(args->target - d->units));
    *error = U_ZERO_ERROR;
    static const UChar replacement = 0xFFFD;
    ucnv_cbToUWriteUChars(args, &replacement, 1, 0, error);
}

salon_decoder *salon_decoder_open(const char *charset, int *error) {
    salon_decoder *d = calloc(1, sizeof(salon_decoder));
    if (!d) {
        if (error) *error = SALON_DECODER_NO_MEMORY;
        return NULL;
    }
    if (strcasecmp(charset, "utf-8") != 0) {
        UErrorCode status = U_ZERO_ERROR;
        d->converter = ucnv_open(charset, &status);
        if (U_FAILURE(status) || !d->converter) {
            free(d);
            if (error) *error = SALON_DECODER_UNKNOWN_CHARSET;
            return NULL;
        }
        d->gb18030_2022 = strcasecmp(charset, "gb18030") == 0;
        ucnv_setToUCallBack(d->converter, record_illegal, d, NULL, NULL, &status);
        if (U_FAILURE(status)) {
            salon_decoder_close(d);
            if (error) *error = SALON_DECODER_ICU_FAILURE;
            return NULL;
        }
    }
    if (error) *error = SALON_DECODER_OK;
    return d;
}

void salon_decoder_close(salon_decoder *d) {
    if (!d) return;
    if (d->converter) ucnv_close(d->converter);
    free(d->units);
    free(d->out);
    free(d->errors);
    free(d);
}

// Length of a well-formed UTF-8 sequence at p (remaining bytes available), 0 if it is illegal, or
// -1 if it is a valid but incomplete prefix cut by the end of the buffer. Follows Unicode Table 3-7.
static int utf8_sequence(const uint8_t *p, size_t remaining) {
    uint8_t b0 = p[0];
    int need;
    uint8_t lo = 0x80, hi = 0xBF;
    if (b0 < 0x80) return 1;
    if (b0 >= 0xC2 && b0 <= 0xDF) need = 2;
    else if (b0 >= 0xE0 && b0 <= 0xEF) {
        need = 3;
        if (b0 == 0xE0) lo = 0xA0;
        if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        need = 4;
        if (b0 == 0xF0) lo = 0x90;
        if (b0 == 0xF4) hi = 0x8F;
    } else return 0;
    for (int i = 1; i < need; i++) {
        if ((size_t)i >= remaining) return -1;
        uint8_t b = p[i];
        if (i == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return 0;
    }
    return need;
}

static int decode_utf8(salon_decoder *d, const uint8_t *in, size_t in_len, int flush,
                       const uint8_t **out, size_t *out_len) {
    size_t total = d->carry_len + in_len;
    if (!reserve((void **)&d->out, &d->out_cap, total + 1, 1)) return SALON_DECODER_NO_MEMORY;
    memcpy(d->out, d->carry, d->carry_len);
    if (in_len) memcpy(d->out + d->carry_len, in, in_len);
    d->carry_len = 0;
    const uint8_t *p = d->out;
    size_t i = 0;
    while (i < total) {
        // ASCII fast path, eight bytes at a time.
        while (i + 8 <= total) {
            uint64_t word;
            memcpy(&word, p + i, 8);
            if (word & 0x8080808080808080ULL) break;
            i += 8;
        }
        if (i >= total) break;
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        int n = utf8_sequence(p + i, total - i);
        if (n > 0) {
            i += (size_t)n;
        } else if (n < 0 && !flush) {
            d->carry_len = total - i;
            memcpy(d->carry, p + i, d->carry_len);
            total = i;
            break;
        } else {
            if (!push_error(d, i)) return SALON_DECODER_NO_MEMORY;
            // Skip the lead byte and any continuation bytes that belong to the bad sequence.
            i++;
            while (i < total && (p[i] & 0xC0) == 0x80 && utf8_sequence(p + i, total - i) == 0) i++;
        }
    }
    *out = d->out;
    *out_len = total;
    return SALON_DECODER_OK;
}

// GB18030-2022 moved 18 characters that the 2005 table (ICU 72's) decodes to private-use code points
// onto their standard code points (vertical punctuation U+FE10..FE19 and CJK U+9FB4..9FBB). Decoding
// them as 2022 does matches the WHATWG Encoding Standard and what current Windows and fonts show.
static UChar gb18030_2022(UChar c) {
    switch (c) {
    case 0xE78D: return 0xFE10;
    case 0xE78E: return 0xFE12;
    case 0xE78F: return 0xFE11;
    case 0xE790: return 0xFE13;
    case 0xE791: return 0xFE14;
    case 0xE792: return 0xFE15;
    case 0xE793: return 0xFE16;
    case 0xE794: return 0xFE17;
    case 0xE795: return 0xFE18;
    case 0xE796: return 0xFE19;
    case 0xE81E: return 0x9FB4;
    case 0xE826: return 0x9FB5;
    case 0xE82B: return 0x9FB6;
    case 0xE82C: return 0x9FB7;
    case 0xE832: return 0x9FB8;
    case 0xE843: return 0x9FB9;
    case 0xE854: return 0x9FBA;
    case 0xE864: return 0x9FBB;
    default: return c;
    }
}

static size_t put_scalar(uint8_t *o, uint32_t c) {
    if (c < 0x80) {
        o[0] = (uint8_t)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (uint8_t)(0xC0 | (c >> 6));
        o[1] = (uint8_t)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (uint8_t)(0xE0 | (c >> 12));
        o[1] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
        o[2] = (uint8_t)(0x80 | (c & 0x3F));
        return 3;
    }
    o[0] = (uint8_t)(0xF0 | (c >> 18));
    o[1] = (uint8_t)(0x80 | ((c >> 12) & 0x3F));
    o[2] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
    o[3] = (uint8_t)(0x80 | (c & 0x3F));
    return 4;
}

int salon_decoder_decode(salon_decoder *d, const uint8_t *in, size_t in_len, int flush,
                         const uint8_t **out, size_t *out_len, int *icu_error) {
    d->error_count = 0;
    if (!d->converter) return decode_utf8(d, in, in_len, flush, out, out_len);

    // Every supported charset yields at most one UTF-16 unit per input byte; the slack covers
    // bytes held over from the last chunk and substitutions. Overflow is still handled below.
    size_t units_len = 0;
    if (!reserve((void **)&d->units, &d->units_cap, in_len + 64, sizeof(UChar))) return SALON_DECODER_NO_MEMORY;
    if (d->pending_high) {
        d->units[units_len++] = d->pending_high;
        d->pending_high = 0;
    }
    const char *source = (const char *)in;
    const char *source_limit = source + in_len;
    for (;;) {
        UErrorCode status = U_ZERO_ERROR;
        UChar *target = d->units + units_len;
        ucnv_toUnicode(d->converter, &target, d->units + d->units_cap, &source, source_limit, NULL,
                       (UBool)(flush != 0), &status);
        units_len = (size_t)(target - d->units);
        if (status == U_BUFFER_OVERFLOW_ERROR) {
            if (!reserve((void **)&d->units, &d->units_cap, d->units_cap * 2, sizeof(UChar)))
                return SALON_DECODER_NO_MEMORY;
            continue;
        }
        if (U_FAILURE(status)) {
            if (icu_error) *icu_error = (int)status;
            return SALON_DECODER_ICU_FAILURE;
        }
        break;
    }

    // UTF-16 -> UTF-8, mapping each recorded error index to its output offset.
    if (!reserve((void **)&d->out, &d->out_cap, units_len * 3 + 4, 1)) return SALON_DECODER_NO_MEMORY;
    const UChar *u = d->units;
    uint8_t *o = d->out;
    size_t w = 0, e = 0, i = 0;
    while (i < units_len) {
        while (e < d->error_count && d->errors[e] == i) d->errors[e++] = w;
        UChar c = u[i];
        if (c < 0x80) {
            o[w++] = (uint8_t)c;
            i++;
            continue;
        }
        if (c >= 0xE78D && c <= 0xE864 && d->gb18030_2022) c = gb18030_2022(c);
        if (c >= 0xD800 && c <= 0xDBFF) {
            if (i + 1 == units_len && !flush) {
                d->pending_high = c;
                i++;
                break;
            }
            if (i + 1 < units_len && u[i + 1] >= 0xDC00 && u[i + 1] <= 0xDFFF) {
                uint32_t scalar = 0x10000 + (((uint32_t)c - 0xD800) << 10) + ((uint32_t)u[i + 1] - 0xDC00);
                w += put_scalar(o + w, scalar);
                i += 2;
                continue;
            }
        }
        // ICU's converters report unpaired surrogates through the callback, so none should get
        // here; if one does, it still must not become ill-formed UTF-8.
        if (c >= 0xD800 && c <= 0xDFFF) c = 0xFFFD;
        w += put_scalar(o + w, c);
        i++;
    }
    while (e < d->error_count && d->errors[e] >= units_len) d->errors[e++] = w;
    *out = d->out;
    *out_len = w;
    return SALON_DECODER_OK;
}

size_t salon_decoder_error_count(const salon_decoder *d) { return d->error_count; }
const size_t *salon_decoder_error_offsets(const salon_decoder *d) { return d->errors; }
uint64_t salon_decoder_total_errors(const salon_decoder *d) { return d->total_errors; }

int salon_encode_utf8(const char *charset, const uint8_t *utf8, size_t utf8_len, uint8_t *out,
                      size_t capacity, size_t *out_len) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t length = ucnv_convert(charset, "UTF-8", (char *)out, (int32_t)capacity, (const char *)utf8,
                                  (int32_t)utf8_len, &status);
    *out_len = length < 0 ? 0 : (size_t)length;
    if (status == U_FILE_ACCESS_ERROR || status == U_INVALID_TABLE_FORMAT) return SALON_DECODER_UNKNOWN_CHARSET;
    if (U_FAILURE(status))  // including U_BUFFER_OVERFLOW_ERROR; *out_len then holds the length needed
        return SALON_DECODER_ICU_FAILURE;
    return SALON_DECODER_OK;
}
