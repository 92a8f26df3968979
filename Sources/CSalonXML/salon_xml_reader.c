#include "salon_xml_reader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>

static const char ss_namespace[] = "urn:schemas-microsoft-com:office:spreadsheet";

// Depths of the SpreadsheetML elements we read; anything at another depth (a Comment's Data, an
// x:RowBreak's Row) is ignored, so the structure cannot be confused by look-alike names.
enum { depth_worksheet = 1, depth_table = 2, depth_row = 3, depth_cell = 4, depth_data = 5 };

struct salon_xml_reader {
    xmlParserCtxtPtr xml;
    int fd;
    // The first bytes of the file, read in salon_xml_open for libxml2's encoding detection.
    char head[4];
    int head_length;
    char *chunk;
    long long bytes_read;
    // salon_xml_run has returned: the parser's input is gone, and bytes_read is what it parsed.
    int ended;

    salon_xml_sink sink;
    void *sink_context;
    int failure;
    int stopped;
    int root_seen;
    // Depth of the next element to start (the root is 0).
    int depth;
    int in_table;
    int in_row;
    int cell_open;
    // Inside a Data element: every text below it belongs to the current cell.
    int in_data;
    // The sink asked for no more rows of the current worksheet.
    int skipping;

    char *sheet_name;
    long row_number;
    long next_column;
    int row_flags;
    long bad_index;

    salon_xml_cell *cells;
    int cell_count;
    int cell_capacity;
    char *text;
    size_t text_length;
    size_t text_capacity;

    char error_message[512];
    int error_line;
    int error_is_fatal;

    // Names interned in the parser's dictionary: libxml2 hands element and attribute names (and
    // namespace URIs) to the callbacks from there, so a pointer comparison replaces strcmp on every
    // element and attribute.
    const xmlChar *n_workbook, *n_worksheet, *n_table, *n_row, *n_cell, *n_data;
    const xmlChar *n_index, *n_merge_across, *n_merge_down, *n_type, *n_name;
    const xmlChar *n_ss_namespace;
};

// Attributes we care about on Worksheet, Row, Cell and Data. Values are not NUL-terminated.
typedef struct attribute_value {
    const xmlChar *start;
    const xmlChar *end;
} attribute_value;

typedef struct attributes {
    attribute_value name;
    attribute_value index;
    attribute_value merge_across;
    attribute_value merge_down;
    attribute_value type;
} attributes;

static int in_ss_namespace(const salon_xml_reader *reader, const xmlChar *uri) {
    if (uri == NULL) return 0;
    if (uri == reader->n_ss_namespace) return 1;
    return strcmp((const char *)uri, ss_namespace) == 0;
}

// Interned name comparison, with a strcmp fallback (reached only when the first letters agree) that
// keeps this correct should a name ever come from elsewhere.
static int same_name(const xmlChar *name, const xmlChar *interned) {
    if (name == interned) return 1;
    if (name == NULL || interned == NULL || name[0] != interned[0]) return 0;
    return strcmp((const char *)name, (const char *)interned) == 0;
}

static int value_is(attribute_value value, const char *expected) {
    size_t length = strlen(expected);
    return (size_t)(value.end - value.start) == length && memcmp(value.start, expected, length) == 0;
}

static void on_error(void *arg, xmlErrorPtr error) {
    salon_xml_reader *reader = arg;
    if (error == NULL || error->level < XML_ERR_ERROR) return;
    int fatal = error->level == XML_ERR_FATAL;
    // Keep the first fatal error (the one that stops the parser); otherwise the first error.
    if (reader->error_message[0] != '\0' && (reader->error_is_fatal || !fatal)) return;
    const char *message = error->message != NULL ? error->message : "XML error";
    size_t length = strlen(message);
    if (length >= sizeof(reader->error_message)) length = sizeof(reader->error_message) - 1;
    memcpy(reader->error_message, message, length);
    while (length > 0 && (message[length - 1] == '\n' || message[length - 1] == ' ')) length--;
    reader->error_message[length] = '\0';
    reader->error_line = error->line;
    reader->error_is_fatal = fatal;
}

static int parser_line(const salon_xml_reader *reader) {
    return reader->xml != NULL && reader->xml->input != NULL ? reader->xml->input->line : 0;
}

// Records the first failure and stops the parser (the callbacks of the chunk being parsed see
// `failure` and do nothing more).
static int fail(salon_xml_reader *reader, int code) {
    if (reader->failure == 0) {
        reader->failure = code;
        // A DOCTYPE refusal names its line too, so every reject has a location.
        if (reader->error_line == 0) reader->error_line = parser_line(reader);
        if (code == SALON_XML_MALFORMED && reader->error_message[0] == '\0') {
            strcpy(reader->error_message, "the XML is not well-formed");
        }
        if (reader->xml != NULL) xmlStopParser(reader->xml);
    }
    return reader->failure;
}

static int halted(const salon_xml_reader *reader) { return reader->failure != 0 || reader->stopped; }

// libxml2 2.9 reports encoding failures through its generic error handler, which prints to stderr
// whatever XML_PARSE_NOERROR says, quoting input bytes. Those go nowhere; the structured handler
// (on_error) already keeps what the reject needs. The handler is per thread, so it is set on every
// thread that opens or runs a reader.
static void ignore_generic_error(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}

static void quiet_generic_errors(void) {
    xmlSetGenericErrorFunc(NULL, ignore_generic_error);
}

// Parses a non-negative decimal integer, saturating far beyond any sheet limit; -1 if not a number.
static long parse_count(attribute_value text) {
    const xmlChar *p = text.start, *end = text.end;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
    if (p == end || *p < '0' || *p > '9') return -1;
    long value = 0;
    for (; p < end && *p >= '0' && *p <= '9'; p++) {
        if (value < 1000000000000L) value = value * 10 + (*p - '0');
    }
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
    return p == end ? value : -1;
}

static void read_attributes(const salon_xml_reader *reader, int count, const xmlChar **values, attributes *out) {
    memset(out, 0, sizeof(*out));
    // Five pointers per attribute: local name, prefix, URI, value start, value end.
    for (int index = 0; index < count; index++, values += 5) {
        // Excel writes ss:Index; some generators write plain Index.
        if (values[2] != NULL && !in_ss_namespace(reader, values[2])) continue;
        attribute_value value = {values[3], values[4]};
        const xmlChar *local = values[0];
        if (same_name(local, reader->n_index)) out->index = value;
        else if (same_name(local, reader->n_merge_across)) out->merge_across = value;
        else if (same_name(local, reader->n_merge_down)) out->merge_down = value;
        else if (same_name(local, reader->n_type)) out->type = value;
        else if (same_name(local, reader->n_name)) out->name = value;
    }
}

static void flag_index(salon_xml_reader *reader, long value) {
    if (!(reader->row_flags & SALON_XML_ROW_INDEX_OUT_OF_RANGE)) reader->bad_index = value;
    reader->row_flags |= SALON_XML_ROW_INDEX_OUT_OF_RANGE;
}

static int cell_type(attribute_value type) {
    if (type.start == NULL) return SALON_XML_TYPE_NONE;
    if (value_is(type, "String")) return SALON_XML_TYPE_STRING;
    if (value_is(type, "Number")) return SALON_XML_TYPE_NUMBER;
    if (value_is(type, "DateTime")) return SALON_XML_TYPE_DATETIME;
    if (value_is(type, "Boolean")) return SALON_XML_TYPE_BOOLEAN;
    if (value_is(type, "Error")) return SALON_XML_TYPE_ERROR;
    return SALON_XML_TYPE_OTHER;
}

static void append_text(salon_xml_reader *reader, const char *bytes, size_t length) {
    salon_xml_cell *cell = &reader->cells[reader->cell_count - 1];
    if (cell->text_length + length > SALON_XML_MAX_CELL_BYTES || reader->text_length + length > SALON_XML_MAX_ROW_BYTES) {
        reader->row_flags |= SALON_XML_ROW_TEXT_TOO_LONG;
        return;
    }
    if (reader->text_length + length > reader->text_capacity) {
        size_t capacity = reader->text_capacity ? reader->text_capacity : 4096;
        while (capacity < reader->text_length + length) capacity *= 2;
        char *grown = realloc(reader->text, capacity);
        if (grown == NULL) {
            fail(reader, SALON_XML_NO_MEMORY);
            return;
        }
        reader->text = grown;
        reader->text_capacity = capacity;
    }
    memcpy(reader->text + reader->text_length, bytes, length);
    reader->text_length += length;
    cell->text_length += length;
}

// Without XML_PARSE_NOENT libxml2 hands "&" in an attribute value over as "&#38;" (the tree builder
// would decode it); a sheet name is decoded here. No other reference can remain, since any entity
// other than the predefined ones is an error without a DTD.
static char *copy_attribute(attribute_value value) {
    size_t length = value.start != NULL ? (size_t)(value.end - value.start) : 0;
    char *copy = malloc(length + 1);
    if (copy == NULL) return NULL;
    size_t written = 0;
    for (size_t index = 0; index < length; index++) {
        copy[written++] = (char)value.start[index];
        if (value.start[index] == '&' && index + 4 < length && memcmp(value.start + index + 1, "#38;", 4) == 0) index += 4;
    }
    copy[written] = '\0';
    return copy;
}

static void deliver(salon_xml_reader *reader, int event) {
    int answer = reader->sink(reader->sink_context, event, reader);
    if (answer == SALON_XML_STOP) {
        reader->stopped = 1;
        xmlStopParser(reader->xml);
    } else if (answer == SALON_XML_SKIP_SHEET) {
        reader->skipping = 1;
        reader->in_table = 0;
        reader->in_row = 0;
        reader->cell_open = 0;
    }
}

static void start_sheet(salon_xml_reader *reader, const attributes *attrs) {
    free(reader->sheet_name);
    reader->sheet_name = copy_attribute(attrs->name);
    if (reader->sheet_name == NULL) {
        fail(reader, SALON_XML_NO_MEMORY);
        return;
    }
    reader->row_number = 0;
    reader->in_table = 0;
    reader->in_row = 0;
    reader->skipping = 0;
    deliver(reader, SALON_XML_SHEET);
}

static void start_row(salon_xml_reader *reader, const attributes *attrs) {
    reader->row_flags = 0;
    reader->bad_index = 0;
    reader->cell_count = 0;
    reader->text_length = 0;
    reader->next_column = 1;
    reader->cell_open = 0;
    long number = reader->row_number + 1;
    if (attrs->index.start != NULL) {
        long index = parse_count(attrs->index);
        // A jump only moves the counter; nothing is allocated for the skipped rows.
        if (index <= reader->row_number) flag_index(reader, index);
        else number = index;
    }
    reader->row_number = number;
    reader->in_row = 1;
}

static void start_cell(salon_xml_reader *reader, const attributes *attrs) {
    reader->cell_open = 0;
    long column = reader->next_column;
    if (attrs->index.start != NULL) {
        long index = parse_count(attrs->index);
        if (index < reader->next_column) flag_index(reader, index);
        else column = index;
    }
    long across = attrs->merge_across.start != NULL ? parse_count(attrs->merge_across) : 0;
    long down = attrs->merge_down.start != NULL ? parse_count(attrs->merge_down) : 0;
    if (across < 0) across = 0;
    if (down < 0) down = 0;
    if (column > SALON_XML_MAX_COLUMNS || column + across > SALON_XML_MAX_COLUMNS) {
        flag_index(reader, column > SALON_XML_MAX_COLUMNS ? column : column + across);
    }
    // Only a flagged row can get here (columns otherwise rise strictly up to the limit); its cells
    // are kept for the reject's original text, up to the limit.
    if (reader->cell_count >= SALON_XML_MAX_COLUMNS) return;
    reader->next_column = column + across + 1;
    if (reader->cell_count == reader->cell_capacity) {
        int capacity = reader->cell_capacity ? reader->cell_capacity * 2 : 64;
        salon_xml_cell *grown = realloc(reader->cells, (size_t)capacity * sizeof(*grown));
        if (grown == NULL) {
            fail(reader, SALON_XML_NO_MEMORY);
            return;
        }
        reader->cells = grown;
        reader->cell_capacity = capacity;
    }
    salon_xml_cell *cell = &reader->cells[reader->cell_count++];
    cell->column = column;
    cell->merge_across = across;
    cell->merge_down = down;
    cell->type = SALON_XML_TYPE_NONE;
    cell->text_offset = reader->text_length;
    cell->text_length = 0;
    reader->cell_open = 1;
}

static int is_break(const xmlChar *local) {
    return local != NULL && (local[0] == 'b' || local[0] == 'B') && (local[1] == 'r' || local[1] == 'R') && local[2] == '\0';
}

static void on_start_element(void *context, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                             int namespace_count, const xmlChar **namespaces, int attribute_count,
                             int defaulted_count, const xmlChar **attribute_values) {
    (void)prefix;
    (void)namespace_count;
    (void)namespaces;
    (void)defaulted_count;
    salon_xml_reader *reader = context;
    int depth = reader->depth++;
    if (halted(reader)) return;
    if (depth > SALON_XML_MAX_DEPTH) {
        snprintf(reader->error_message, sizeof(reader->error_message), "elements nested deeper than %d levels",
                 SALON_XML_MAX_DEPTH);
        reader->error_line = parser_line(reader);
        reader->error_is_fatal = 1;
        fail(reader, SALON_XML_MALFORMED);
        return;
    }
    if (reader->in_data) {
        // Rich text runs (html:B, html:Font) only carry text; html:Br is a line break.
        if (is_break(local)) append_text(reader, "\n", 1);
        return;
    }
    if (depth > depth_data) return;
    attributes attrs;
    if (depth == 0) {
        if (!in_ss_namespace(reader, uri) || !same_name(local, reader->n_workbook)) {
            fail(reader, SALON_XML_NOT_SPREADSHEET);
            return;
        }
        reader->root_seen = 1;
        return;
    }
    if (!in_ss_namespace(reader, uri)) return;
    if (reader->skipping && depth > depth_worksheet) return;
    switch (depth) {
    case depth_worksheet:
        if (same_name(local, reader->n_worksheet)) {
            read_attributes(reader, attribute_count, attribute_values, &attrs);
            start_sheet(reader, &attrs);
        }
        break;
    case depth_table:
        if (same_name(local, reader->n_table)) reader->in_table = 1;
        break;
    case depth_row:
        if (reader->in_table && same_name(local, reader->n_row)) {
            read_attributes(reader, attribute_count, attribute_values, &attrs);
            start_row(reader, &attrs);
        }
        break;
    case depth_cell:
        if (reader->in_row && same_name(local, reader->n_cell)) {
            read_attributes(reader, attribute_count, attribute_values, &attrs);
            start_cell(reader, &attrs);
        }
        break;
    case depth_data:
        if (reader->cell_open && same_name(local, reader->n_data)) {
            reader->cell_open = 0;  // one Data per cell
            read_attributes(reader, attribute_count, attribute_values, &attrs);
            reader->cells[reader->cell_count - 1].type = cell_type(attrs.type);
            reader->in_data = 1;
        }
        break;
    default:
        break;
    }
}

static void on_end_element(void *context, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri) {
    (void)local;
    (void)prefix;
    (void)uri;
    salon_xml_reader *reader = context;
    int depth = --reader->depth;
    if (halted(reader)) return;
    if (reader->in_data) {
        if (depth == depth_data) reader->in_data = 0;
        return;
    }
    switch (depth) {
    case depth_worksheet:
        reader->skipping = 0;
        break;
    case depth_table:
        reader->in_table = 0;
        break;
    case depth_row:
        if (reader->in_row) {
            reader->in_row = 0;
            reader->cell_open = 0;
            deliver(reader, SALON_XML_ROW);
        }
        break;
    case depth_cell:
        reader->cell_open = 0;
        break;
    default:
        break;
    }
}

// Text, CDATA and white space: kept inside a Data element, ignored elsewhere.
static void on_text(void *context, const xmlChar *text, int length) {
    salon_xml_reader *reader = context;
    if (reader->in_data && !halted(reader)) append_text(reader, (const char *)text, (size_t)length);
}

static void on_doctype(void *context, const xmlChar *name, const xmlChar *external_id, const xmlChar *system_id) {
    (void)name;
    (void)external_id;
    (void)system_id;
    fail(context, SALON_XML_DOCTYPE);
}

// Only reachable with a DTD, which on_doctype already refused; kept so that no entity is ever
// passed over silently.
static void on_reference(void *context, const xmlChar *name) {
    (void)name;
    fail(context, SALON_XML_DOCTYPE);
}

static void on_entity_declaration(void *context, const xmlChar *name, int type, const xmlChar *public_id,
                                  const xmlChar *system_id, xmlChar *content) {
    (void)name;
    (void)type;
    (void)public_id;
    (void)system_id;
    (void)content;
    fail(context, SALON_XML_DOCTYPE);
}

// Only the callbacks above: no getEntity, resolveEntity or tree building (startDocument would make a
// document), so the parser has nothing to expand and nothing to load.
static const xmlSAXHandler sax_handler = {
    .internalSubset = on_doctype,
    .externalSubset = on_doctype,
    .entityDecl = on_entity_declaration,
    .reference = on_reference,
    .characters = on_text,
    .ignorableWhitespace = on_text,
    .cdataBlock = on_text,
    .initialized = XML_SAX2_MAGIC,
    .startElementNs = on_start_element,
    .endElementNs = on_end_element,
    .serror = on_error,
};

static const xmlChar *intern(xmlParserCtxtPtr xml, const char *name) {
    return xmlDictLookup(xml->dict, BAD_CAST name, -1);
}

salon_xml_reader *salon_xml_open(const char *path, int *status) {
    quiet_generic_errors();
    xmlThrDefSetGenericErrorFunc(NULL, ignore_generic_error);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *status = SALON_XML_OPEN_FAILED;
        return NULL;
    }
    salon_xml_reader *reader = calloc(1, sizeof(*reader));
    char *chunk = malloc(SALON_XML_READ_CHUNK);
    if (reader == NULL || chunk == NULL) {
        free(reader);
        free(chunk);
        close(fd);
        *status = SALON_XML_NO_MEMORY;
        return NULL;
    }
    reader->fd = fd;
    reader->chunk = chunk;
    // The first four bytes go to xmlCreatePushParserCtxt, which detects the encoding (BOM, UTF-16)
    // from them before the XML declaration is read.
    while (reader->head_length < (int)sizeof(reader->head)) {
        ssize_t count = read(fd, reader->head + reader->head_length, sizeof(reader->head) - (size_t)reader->head_length);
        if (count < 0 && errno == EINTR) continue;
        if (count <= 0) break;
        reader->head_length += (int)count;
    }
    reader->bytes_read = reader->head_length;
    // xmlCreatePushParserCtxt copies the handler; the cast only satisfies its signature.
    reader->xml = xmlCreatePushParserCtxt((xmlSAXHandlerPtr)&sax_handler, reader, reader->head, reader->head_length, NULL);
    if (reader->xml == NULL) {
        salon_xml_close(reader);
        *status = SALON_XML_NO_MEMORY;
        return NULL;
    }
    // NONET: no network even if something asks. NOERROR/NOWARNING: nothing printed to stderr; errors
    // reach on_error instead. Deliberately absent: NOENT (entity substitution), DTDLOAD, DTDATTR,
    // DTDVALID, XINCLUDE and HUGE (keeps libxml2's limits on text node size and nesting depth).
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
#if LIBXML_VERSION >= 21300
    options |= XML_PARSE_NO_XXE;
#endif
    xmlCtxtUseOptions(reader->xml, options);
    xmlParserCtxtPtr xml = reader->xml;
    reader->n_workbook = intern(xml, "Workbook");
    reader->n_worksheet = intern(xml, "Worksheet");
    reader->n_table = intern(xml, "Table");
    reader->n_row = intern(xml, "Row");
    reader->n_cell = intern(xml, "Cell");
    reader->n_data = intern(xml, "Data");
    reader->n_index = intern(xml, "Index");
    reader->n_merge_across = intern(xml, "MergeAcross");
    reader->n_merge_down = intern(xml, "MergeDown");
    reader->n_type = intern(xml, "Type");
    reader->n_name = intern(xml, "Name");
    reader->n_ss_namespace = intern(xml, ss_namespace);
    *status = 0;
    return reader;
}

void salon_xml_close(salon_xml_reader *reader) {
    if (reader == NULL) return;
    if (reader->xml != NULL) xmlFreeParserCtxt(reader->xml);
    close(reader->fd);
    free(reader->chunk);
    free(reader->sheet_name);
    free(reader->cells);
    free(reader->text);
    free(reader);
}

// After xmlParseChunk: whether libxml2 met a fatal error (recovery is off, so a fatal error both
// clears wellFormed and disables the callbacks; an error raised while out of memory may only do the
// latter).
static int parser_failed(const salon_xml_reader *reader) {
    return !reader->xml->wellFormed || (reader->xml->disableSAX && !reader->stopped && reader->failure == 0);
}

// Feeds the file to the parser chunk by chunk; the callbacks do the rest.
static int feed(salon_xml_reader *reader) {
    for (;;) {
        ssize_t count = read(reader->fd, reader->chunk, SALON_XML_READ_CHUNK);
        if (count < 0 && errno == EINTR) continue;
        if (count < 0) {
            strcpy(reader->error_message, "the file could not be read");
            return fail(reader, SALON_XML_MALFORMED);
        }
        int terminate = count == 0;
        xmlParseChunk(reader->xml, reader->chunk, (int)count, terminate);
        reader->bytes_read += count;
        if (reader->failure) return reader->failure;
        if (reader->stopped) return SALON_XML_END;
        if (parser_failed(reader)) {
            int code = reader->xml->errNo == XML_ERR_NO_MEMORY ? SALON_XML_NO_MEMORY : SALON_XML_MALFORMED;
            return fail(reader, code);
        }
        if (terminate) break;
    }
    if (!reader->root_seen) return fail(reader, SALON_XML_MALFORMED);
    return SALON_XML_END;
}

int salon_xml_run(salon_xml_reader *reader, salon_xml_sink sink, void *context) {
    quiet_generic_errors();
    reader->sink = sink;
    reader->sink_context = context;
    int result = feed(reader);
    reader->ended = 1;
    return result;
}

const char *salon_xml_sheet_name(const salon_xml_reader *reader) {
    return reader->sheet_name ? reader->sheet_name : "";
}

long salon_xml_row_number(const salon_xml_reader *reader) { return reader->row_number; }

int salon_xml_row_flags(const salon_xml_reader *reader) { return reader->row_flags; }

long salon_xml_row_bad_index(const salon_xml_reader *reader) { return reader->bad_index; }

const salon_xml_cell *salon_xml_row_cells(const salon_xml_reader *reader, int *count) {
    *count = reader->cell_count;
    return reader->cells;
}

const char *salon_xml_row_text(const salon_xml_reader *reader) { return reader->text ? reader->text : ""; }

size_t salon_xml_row_text_length(const salon_xml_reader *reader) { return reader->text_length; }

const char *salon_xml_error_message(const salon_xml_reader *reader) { return reader->error_message; }

int salon_xml_error_line(const salon_xml_reader *reader) { return reader->error_line; }

long long salon_xml_bytes_consumed(const salon_xml_reader *reader) {
    if (reader->ended) return reader->bytes_read;
    long consumed = xmlByteConsumed(reader->xml);
    return consumed < 0 ? 0 : consumed;
}
