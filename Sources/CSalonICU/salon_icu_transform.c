// See include/salon_icu_transform.h. UTF-8 -> UTF-16 (u_strFromUTF8), utrans_transUChars in place,
// then UTF-16 -> UTF-8 (u_strToUTF8). The characters where a change can start are kept in a frozen
// set (see read_rules) so a span over the UTF-8 bytes can tell, without any conversion, that a
// text has nothing to change.
#include "salon_icu_transform.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>
#include <unicode/ustring.h>
#include <unicode/uset.h>
#include <unicode/utrans.h>

// One single-character rule, X > Y, with Y in UTF-8.
struct salon_mapping {
    UChar32 cp;
    int32_t order;  // position among the rules: the first rule for a character wins
    uint8_t len;
    uint8_t bytes[15];
};

// The source side of one multi-character rule, in UTF-8 in the phrase pool.
struct salon_phrase {
    UChar32 head;
    int32_t offset;
    int32_t len;
};

struct salon_transform {
    pthread_mutex_t mutex;
    UTransliterator *trans;
    USet *change_set;       // frozen: characters at which the transliterator may change the text
    USet *phrase_heads;     // frozen, NULL when the rules are not plain: heads of multi-character rules
    struct salon_mapping *map;  // single-character rules that change, sorted by code point
    int32_t map_count;
    struct salon_phrase *phrases;  // sorted by head
    int32_t phrase_count;
    uint8_t *phrase_pool;
    int table_disabled;     // tests: always use ICU
    UChar *units;           // UTF-16 work buffer
    int32_t units_cap;
    uint8_t *out;           // UTF-8 output buffer
    int32_t out_cap;
};

static int grow(void **buffer, int32_t *cap, int32_t needed, size_t element) {
    if (*cap >= needed) return 1;
    int32_t cap_new = *cap ? *cap : 256;
    while (cap_new < needed) cap_new *= 2;
    void *grown = realloc(*buffer, (size_t)cap_new * element);
    if (!grown) return 0;
    *buffer = grown;
    *cap = cap_new;
    return 1;
}

static int is_rule_space(UChar c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static int compare_code_point(const void *a, const void *b) {
    const struct salon_mapping *x = a, *y = b;
    return (x->cp > y->cp) - (x->cp < y->cp);
}

static int compare_head(const void *a, const void *b) {
    const struct salon_phrase *x = a, *y = b;
    return (x->head > y->head) - (x->head < y->head);
}

// Whether a multi-character rule's source starts at utf8[start] (its head is code point c).
static int phrase_at(const salon_transform *t, UChar32 c, const uint8_t *utf8, int32_t start, int32_t len) {
    int32_t low = 0, high = t->phrase_count;
    while (low < high) {
        int32_t mid = (low + high) / 2;
        if (t->phrases[mid].head < c) low = mid + 1;
        else high = mid;
    }
    for (int32_t i = low; i < t->phrase_count && t->phrases[i].head == c; i++) {
        const struct salon_phrase *p = &t->phrases[i];
        if (p->len <= len - start && memcmp(utf8 + start, t->phrase_pool + p->offset, (size_t)p->len) == 0) return 1;
    }
    return 0;
}

static int compare_mapping(const void *a, const void *b) {
    const struct salon_mapping *x = a, *y = b;
    if (x->cp != y->cp) return x->cp < y->cp ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

// Reads the transform's rules when they are all plain "X > Y;" statements (Traditional-Simplified
// is: about 3,000 characters and 1,000 phrases; ASCII would be rule syntax such as quoting,
// filters or contexts). Fills
// - change_set: characters at which a rule changes the text. utrans_getSourceSet is much wider: it
//   lists the heads of identity rules too (曲 > 曲, 泰斗 > 泰斗), so common Simplified names would
//   all go through ICU. A phrase that changes puts its head here even when the head alone is left
//   as is (祇管 > 只管 keeps 祇).
// - phrase_heads: first characters of all multi-character rules, identity or not (乾隆 > 乾隆
//   shields 乾 from 乾 > 干), to look for phrases only where one can start.
// - map: the first single-character rule for each character whose output differs.
// - phrases: the sources of multi-character rules, by head.
// Where no phrase occurs, ICU can only apply single-character rules, so the map converts the text
// exactly as ICU would. Returns 0, leaving the fields empty, for anything else.
static int read_rules(salon_transform *t) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t length = utrans_toRules(t->trans, 0, NULL, 0, &status);
    if (status != U_BUFFER_OVERFLOW_ERROR || length <= 0) return 0;
    UChar *rules = malloc(((size_t)length + 1) * sizeof(UChar));
    if (!rules) return 0;
    status = U_ZERO_ERROR;
    utrans_toRules(t->trans, 0, rules, length + 1, &status);
    USet *changes = uset_openEmpty(), *heads = uset_openEmpty();
    int32_t map_cap = 0, order = 0, phrase_cap = 0, pool_cap = 0, pool_len = 0;
    int plain = U_SUCCESS(status) && changes && heads;
    for (int32_t start = 0; plain && start < length;) {
        int32_t end = start;
        while (end < length && rules[end] != ';') end++;
        // Trim the statement and split it at " > ".
        int32_t left = start, right_end = end;
        while (left < right_end && is_rule_space(rules[left])) left++;
        while (right_end > left && is_rule_space(rules[right_end - 1])) right_end--;
        start = end + 1;
        if (left == right_end) continue;
        int32_t arrow = -1;
        for (int32_t i = left; i < right_end; i++) {
            UChar c = rules[i];
            if (c == '>' && arrow < 0) arrow = i;
            else if (c < 0x80 && c != ' ' && c != '\t') plain = 0;
        }
        int32_t x_end = arrow, y_start = arrow + 1;
        while (x_end > left && is_rule_space(rules[x_end - 1])) x_end--;
        while (y_start < right_end && is_rule_space(rules[y_start])) y_start++;
        if (!plain || arrow < 0 || x_end == left) {
            plain = 0;
            break;
        }
        int32_t x_len = x_end - left, y_len = right_end - y_start, offset = left;
        UChar32 head;
        U16_NEXT(rules, offset, x_end, head);
        int changed = x_len != y_len || u_memcmp(rules + left, rules + y_start, x_len) != 0;
        if (changed) uset_add(changes, head);
        if (offset < x_end) {
            uset_add(heads, head);
            int32_t pool_needed = pool_len + x_len * 3;
            if (!grow((void **)&t->phrases, &phrase_cap, t->phrase_count + 1, sizeof(struct salon_phrase)) ||
                !grow((void **)&t->phrase_pool, &pool_cap, pool_needed, 1)) {
                plain = 0;
                break;
            }
            int32_t written = 0;
            u_strToUTF8((char *)t->phrase_pool + pool_len, pool_cap - pool_len, &written, rules + left, x_len, &status);
            t->phrases[t->phrase_count++] = (struct salon_phrase){head, pool_len, written};
            pool_len += written;
            continue;
        }
        if (!changed) continue;
        struct salon_mapping m = {head, order++, 0, {0}};
        int32_t written = 0;
        u_strToUTF8((char *)m.bytes, (int32_t)sizeof(m.bytes), &written, rules + y_start, y_len, &status);
        if (U_FAILURE(status) || written >= (int32_t)sizeof(m.bytes)) {
            plain = 0;  // an output too long for the table
            break;
        }
        m.len = (uint8_t)written;
        if (!grow((void **)&t->map, &map_cap, t->map_count + 1, sizeof(m))) {
            plain = 0;
            break;
        }
        t->map[t->map_count++] = m;
    }
    free(rules);
    if (!plain) {
        if (changes) uset_close(changes);
        if (heads) uset_close(heads);
        free(t->map);
        free(t->phrases);
        free(t->phrase_pool);
        t->map = NULL;
        t->phrases = NULL;
        t->phrase_pool = NULL;
        t->map_count = t->phrase_count = 0;
        return 0;
    }
    // Keep only the first rule for each character, the one ICU applies.
    qsort(t->map, (size_t)t->map_count, sizeof(struct salon_mapping), compare_mapping);
    int32_t kept = 0;
    for (int32_t i = 0; i < t->map_count; i++) {
        if (kept == 0 || t->map[kept - 1].cp != t->map[i].cp) t->map[kept++] = t->map[i];
    }
    t->map_count = kept;
    qsort(t->phrases, (size_t)t->phrase_count, sizeof(struct salon_phrase), compare_head);
    uset_freeze(changes);
    uset_freeze(heads);
    t->change_set = changes;
    t->phrase_heads = heads;
    return 1;
}

static salon_transform *wrap(UTransliterator *trans, int *error) {
    salon_transform *t = calloc(1, sizeof(salon_transform));
    if (!t) {
        utrans_close(trans);
        if (error) *error = SALON_TRANSFORM_NO_MEMORY;
        return NULL;
    }
    pthread_mutex_init(&t->mutex, NULL);
    t->trans = trans;
    UErrorCode status = U_ZERO_ERROR;
    if (!read_rules(t)) t->change_set = utrans_getSourceSet(trans, 0, NULL, &status);
    if (U_FAILURE(status) || !t->change_set) {
        salon_transform_close(t);
        if (error) *error = SALON_TRANSFORM_ICU_FAILURE;
        return NULL;
    }
    if (!uset_isFrozen(t->change_set)) uset_freeze(t->change_set);
    if (error) *error = SALON_TRANSFORM_OK;
    return t;
}

salon_transform *salon_transform_open(const char *id, int *error) {
    UChar id16[128];
    int32_t id_len = 0;
    UErrorCode status = U_ZERO_ERROR;
    u_strFromUTF8(id16, 128, &id_len, id, -1, &status);
    if (U_FAILURE(status) || id_len >= 128) {
        if (error) *error = SALON_TRANSFORM_UNKNOWN_ID;
        return NULL;
    }
    UParseError parse_error;
    UTransliterator *trans = utrans_openU(id16, id_len, UTRANS_FORWARD, NULL, -1, &parse_error, &status);
    if (U_FAILURE(status) || !trans) {
        if (error) *error = SALON_TRANSFORM_UNKNOWN_ID;
        return NULL;
    }
    return wrap(trans, error);
}

salon_transform *salon_transform_clone(const salon_transform *transform, int *error) {
    UErrorCode status = U_ZERO_ERROR;
    UTransliterator *trans = utrans_clone(transform->trans, &status);
    if (U_FAILURE(status) || !trans) {
        if (error) *error = SALON_TRANSFORM_ICU_FAILURE;
        return NULL;
    }
    return wrap(trans, error);
}

void salon_transform_close(salon_transform *t) {
    if (!t) return;
    if (t->trans) utrans_close(t->trans);
    if (t->change_set) uset_close(t->change_set);
    if (t->phrase_heads) uset_close(t->phrase_heads);
    free(t->map);
    free(t->units);
    free(t->out);
    pthread_mutex_destroy(&t->mutex);
    free(t);
}

void salon_transform_set_table(salon_transform *t, int enabled) { t->table_disabled = !enabled; }

void salon_transform_lock(salon_transform *t) { pthread_mutex_lock(&t->mutex); }

void salon_transform_unlock(salon_transform *t) { pthread_mutex_unlock(&t->mutex); }

int salon_transform_may_change(const salon_transform *t, const uint8_t *utf8, size_t len) {
    if (len > INT32_MAX) return 1;
    int32_t span = uset_spanUTF8(t->change_set, (const char *)utf8, (int32_t)len, USET_SPAN_NOT_CONTAINED);
    return (size_t)span != len;
}

// Converts text through the single-character table: the same result as ICU (see read_rules) at a
// fraction of the cost, and no UTF-16 round trip. Returns -1 as soon as a multi-character rule's
// source occurs in the text, for the caller to run ICU instead.
static int map_utf8(salon_transform *t, const uint8_t *utf8, int32_t len, const uint8_t **out, size_t *out_len) {
    int32_t written = 0;
    for (int32_t i = 0; i < len;) {
        int32_t start = i;
        UChar32 c;
        U8_NEXT(utf8, i, len, c);
        const struct salon_mapping *m = NULL;
        if (c >= 0 && uset_contains(t->phrase_heads, c) && phrase_at(t, c, utf8, start, len)) return -1;
        if (c >= 0 && uset_contains(t->change_set, c)) {
            struct salon_mapping key = {c, 0, 0, {0}};
            m = bsearch(&key, t->map, (size_t)t->map_count, sizeof(key), compare_code_point);
        }
        int32_t size = m ? m->len : i - start;
        if (!grow((void **)&t->out, &t->out_cap, written + size + 1, 1)) return SALON_TRANSFORM_NO_MEMORY;
        memcpy(t->out + written, m ? m->bytes : utf8 + start, (size_t)size);
        written += size;
    }
    *out = t->out;
    *out_len = (size_t)written;
    return SALON_TRANSFORM_OK;
}

int salon_transform_utf8(salon_transform *t, const uint8_t *utf8, size_t len, const uint8_t **out,
                         size_t *out_len, int *icu_error) {
    if (icu_error) *icu_error = 0;
    if (len > INT32_MAX / 4) return SALON_TRANSFORM_NO_MEMORY;
    if (t->phrase_heads && !t->table_disabled) {
        int result = map_utf8(t, utf8, (int32_t)len, out, out_len);
        if (result >= 0) return result;
    }
    // UTF-16 never needs more units than UTF-8 has bytes; leave room for growth and the terminator.
    int32_t capacity = (int32_t)len * 2 + 16;
    if (!grow((void **)&t->units, &t->units_cap, capacity, sizeof(UChar))) return SALON_TRANSFORM_NO_MEMORY;
    UErrorCode status = U_ZERO_ERROR;
    int32_t length = 0;
    u_strFromUTF8(t->units, t->units_cap, &length, (const char *)utf8, (int32_t)len, &status);
    if (status == U_INVALID_CHAR_FOUND || status == U_ILLEGAL_CHAR_FOUND) return SALON_TRANSFORM_INVALID_UTF8;
    if (U_FAILURE(status)) goto icu_failure;
    int32_t limit = length;
    utrans_transUChars(t->trans, t->units, &length, t->units_cap, 0, &limit, &status);
    if (length >= t->units_cap || status == U_BUFFER_OVERFLOW_ERROR) {
        // The result was truncated: convert again from the original text into a buffer that fits.
        int32_t needed = length + 1;
        if (!grow((void **)&t->units, &t->units_cap, needed, sizeof(UChar))) return SALON_TRANSFORM_NO_MEMORY;
        status = U_ZERO_ERROR;
        u_strFromUTF8(t->units, t->units_cap, &length, (const char *)utf8, (int32_t)len, &status);
        if (U_FAILURE(status)) goto icu_failure;
        limit = length;
        utrans_transUChars(t->trans, t->units, &length, t->units_cap, 0, &limit, &status);
    }
    if (U_FAILURE(status)) goto icu_failure;
    // Each UTF-16 unit becomes at most three UTF-8 bytes.
    if (!grow((void **)&t->out, &t->out_cap, length * 3 + 1, 1)) return SALON_TRANSFORM_NO_MEMORY;
    int32_t written = 0;
    u_strToUTF8((char *)t->out, t->out_cap, &written, t->units, length, &status);
    if (U_FAILURE(status)) goto icu_failure;
    *out = t->out;
    *out_len = (size_t)written;
    return SALON_TRANSFORM_OK;
icu_failure:
    if (icu_error) *icu_error = (int)status;
    return SALON_TRANSFORM_ICU_FAILURE;
}
