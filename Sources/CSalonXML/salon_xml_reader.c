#include "salon_xml_reader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlversion.h>

static const char ss_namespace[] = "urn:schemas-microsoft-com:office:spreadsheet";

// Depths of the SpreadsheetML elements we read; anything at another depth (a Comment's Data, an
// x:RowBreak's Row) is ignored, so the structure cannot be confused by look-alike names.
enum { depth_worksheet = 1, depth_table = 2, depth_row = 3, depth_cell = 4, depth_data = 5 };

struct salon_xml_reader {
    xmlTextReaderPtr xml;
    int fd;
    int failure;
    int root_seen;
    // The reader already stands on a node salon_xml_next has not looked at (after xmlTextReaderNext).
    int pending_node;
    int in_table;
    int in_row;
    int cell_open;

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

    // Names interned in the reader's dictionary: libxml2 interns element and attribute names there
    // too, so a pointer comparison replaces strcmp on every node and attribute.
    const xmlChar *n_workbook, *n_worksheet, *n_table, *n_row, *n_cell, *n_data;
    const xmlChar *n_index, *n_merge_across, *n_merge_down, *n_type, *n_name;
    // Namespace declarations found to be SpreadsheetML's. Excel declares the namespace twice on the
    // root, as the default (elements) and as ss: (attributes): two xmlNs objects with one URI, so
    // both are remembered and the URI comparison runs once per declaration, not per node.
    xmlNsPtr ss_ns[2];
};

// Attributes we care about on Worksheet, Row, Cell and Data.
typedef struct attributes {
    const xmlChar *name;
    const xmlChar *index;
    const xmlChar *merge_across;
    const xmlChar *merge_down;
    const xmlChar *type;
} attributes;

static int is_ss_namespace(const xmlChar *uri) {
    return uri != NULL && strcmp((const char *)uri, ss_namespace) == 0;
}

static int in_ss_namespace(salon_xml_reader *reader, xmlNsPtr ns) {
    if (ns == NULL) return 0;
    if (ns == reader->ss_ns[0] || ns == reader->ss_ns[1]) return 1;
    if (!is_ss_namespace(ns->href)) return 0;
    reader->ss_ns[1] = reader->ss_ns[0];
    reader->ss_ns[0] = ns;
    return 1;
}

// Interned name comparison. The reader keeps names in its dictionary (XML_PARSE_NODICT is not set),
// so equal names are one pointer; the strcmp fallback, reached only when the first letters agree,
// keeps this correct should a name ever come from elsewhere.
static int same_name(const xmlChar *name, const xmlChar *interned) {
    if (name == interned) return 1;
    if (name == NULL || interned == NULL || name[0] != interned[0]) return 0;
    return strcmp((const char *)name, (const char *)interned) == 0;
}

static int name_is(const xmlChar *name, const char *expected) {
    return name != NULL && strcmp((const char *)name, expected) == 0;
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

// Whether the parser has seen a DOCTYPE: libxml2 parses the internal subset (and may fail inside it,
// e.g. on an entity loop) before the reader ever returns the DOCTYPE node.
static int saw_doctype(salon_xml_reader *reader) {
    xmlDocPtr doc = xmlTextReaderCurrentDoc(reader->xml);
    return doc != NULL && (doc->intSubset != NULL || doc->extSubset != NULL);
}

static int fail(salon_xml_reader *reader, int code) {
    if (reader->failure == 0) {
        if (code == SALON_XML_MALFORMED && saw_doctype(reader)) code = SALON_XML_DOCTYPE;
        reader->failure = code;
        // A DOCTYPE refusal names its line too, so every reject has a location.
        if (reader->error_line == 0) {
            reader->error_line = xmlTextReaderGetParserLineNumber(reader->xml);
        }
        if (code == SALON_XML_MALFORMED && reader->error_message[0] == '\0') {
            strcpy(reader->error_message, "the XML is not well-formed");
        }
    }
    return reader->failure;
}

// libxml2 2.9 reports encoding failures through its generic error handler, which prints to stderr
// whatever XML_PARSE_NOERROR says, quoting input bytes. Those go nowhere; the structured handler
// (on_error) already keeps what the reject needs. The handler is per thread, so it is set on every
// thread that opens or advances a reader.
static void ignore_generic_error(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}

static void quiet_generic_errors(void) {
    xmlSetGenericErrorFunc(NULL, ignore_generic_error);
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
    if (reader == NULL) {
        close(fd);
        *status = SALON_XML_NO_MEMORY;
        return NULL;
    }
    reader->fd = fd;
    // NONET: no network even if something asks. NOERROR/NOWARNING: nothing printed to stderr; errors
    // reach on_error instead. Deliberately absent: NOENT (entity substitution), DTDLOAD, DTDATTR,
    // DTDVALID, XINCLUDE and HUGE (keeps libxml2's limits on text node size and nesting depth).
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_COMPACT;
#if LIBXML_VERSION >= 21300
    options |= XML_PARSE_NO_XXE;
#endif
    // xmlReaderForFd rather than xmlReaderForFile: the path is used as given (no URI unescaping) and
    // compressed input is not silently inflated.
    reader->xml = xmlReaderForFd(fd, NULL, NULL, options);
    if (reader->xml == NULL) {
        close(fd);
        free(reader);
        *status = SALON_XML_NO_MEMORY;
        return NULL;
    }
    xmlTextReaderSetStructuredErrorHandler(reader->xml, on_error, reader);
    xmlTextReaderPtr xml = reader->xml;
    reader->n_workbook = xmlTextReaderConstString(xml, BAD_CAST "Workbook");
    reader->n_worksheet = xmlTextReaderConstString(xml, BAD_CAST "Worksheet");
    reader->n_table = xmlTextReaderConstString(xml, BAD_CAST "Table");
    reader->n_row = xmlTextReaderConstString(xml, BAD_CAST "Row");
    reader->n_cell = xmlTextReaderConstString(xml, BAD_CAST "Cell");
    reader->n_data = xmlTextReaderConstString(xml, BAD_CAST "Data");
    reader->n_index = xmlTextReaderConstString(xml, BAD_CAST "Index");
    reader->n_merge_across = xmlTextReaderConstString(xml, BAD_CAST "MergeAcross");
    reader->n_merge_down = xmlTextReaderConstString(xml, BAD_CAST "MergeDown");
    reader->n_type = xmlTextReaderConstString(xml, BAD_CAST "Type");
    reader->n_name = xmlTextReaderConstString(xml, BAD_CAST "Name");
    *status = 0;
    return reader;
}

void salon_xml_close(salon_xml_reader *reader) {
    if (reader == NULL) return;
    xmlFreeTextReader(reader->xml);
    close(reader->fd);
    free(reader->sheet_name);
    free(reader->cells);
    free(reader->text);
    free(reader);
}

// Reads the attributes of the element the reader stands on (the reader does not move).
static void read_attributes(salon_xml_reader *reader, attributes *out) {
    memset(out, 0, sizeof(*out));
    xmlNodePtr node = xmlTextReaderCurrentNode(reader->xml);
    if (node == NULL || node->type != XML_ELEMENT_NODE) return;
    for (xmlAttrPtr attr = node->properties; attr != NULL; attr = attr->next) {
        // Excel writes ss:Index; some generators write plain Index.
        if (attr->ns != NULL && !in_ss_namespace(reader, attr->ns)) continue;
        const xmlChar *value = attr->children != NULL && attr->children->next == NULL ? attr->children->content : NULL;
        if (value == NULL) value = (const xmlChar *)"";
        const xmlChar *local = attr->name;
        if (same_name(local, reader->n_index)) out->index = value;
        else if (same_name(local, reader->n_merge_across)) out->merge_across = value;
        else if (same_name(local, reader->n_merge_down)) out->merge_down = value;
        else if (same_name(local, reader->n_type)) out->type = value;
        else if (same_name(local, reader->n_name)) out->name = value;
    }
}

// Parses a non-negative decimal integer, saturating far beyond any sheet limit; -1 if not a number.
static long parse_count(const xmlChar *text) {
    const char *p = (const char *)text;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    if (*p < '0' || *p > '9') return -1;
    long value = 0;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (value < 1000000000000L) value = value * 10 + (*p - '0');
    }
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    return *p == '\0' ? value : -1;
}

static void flag_index(salon_xml_reader *reader, long value) {
    if (!(reader->row_flags & SALON_XML_ROW_INDEX_OUT_OF_RANGE)) reader->bad_index = value;
    reader->row_flags |= SALON_XML_ROW_INDEX_OUT_OF_RANGE;
}

static int cell_type(const xmlChar *type) {
    if (type == NULL) return SALON_XML_TYPE_NONE;
    if (name_is(type, "String")) return SALON_XML_TYPE_STRING;
    if (name_is(type, "Number")) return SALON_XML_TYPE_NUMBER;
    if (name_is(type, "DateTime")) return SALON_XML_TYPE_DATETIME;
    if (name_is(type, "Boolean")) return SALON_XML_TYPE_BOOLEAN;
    if (name_is(type, "Error")) return SALON_XML_TYPE_ERROR;
    return SALON_XML_TYPE_OTHER;
}

static int append_text(salon_xml_reader *reader, const char *bytes, size_t length) {
    salon_xml_cell *cell = &reader->cells[reader->cell_count - 1];
    if (cell->text_length + length > SALON_XML_MAX_CELL_BYTES || reader->text_length + length > SALON_XML_MAX_ROW_BYTES) {
        reader->row_flags |= SALON_XML_ROW_TEXT_TOO_LONG;
        return 0;
    }
    if (reader->text_length + length > reader->text_capacity) {
        size_t capacity = reader->text_capacity ? reader->text_capacity : 4096;
        while (capacity < reader->text_length + length) capacity *= 2;
        char *grown = realloc(reader->text, capacity);
        if (grown == NULL) return -1;
        reader->text = grown;
        reader->text_capacity = capacity;
    }
    memcpy(reader->text + reader->text_length, bytes, length);
    reader->text_length += length;
    cell->text_length += length;
    return 0;
}

static void start_row(salon_xml_reader *reader) {
    attributes attrs;
    read_attributes(reader, &attrs);
    reader->row_flags = 0;
    reader->bad_index = 0;
    reader->cell_count = 0;
    reader->text_length = 0;
    reader->next_column = 1;
    reader->cell_open = 0;
    long number = reader->row_number + 1;
    if (attrs.index != NULL) {
        long index = parse_count(attrs.index);
        // A jump only moves the counter; nothing is allocated for the skipped rows.
        if (index <= reader->row_number) flag_index(reader, index);
        else number = index;
    }
    reader->row_number = number;
}

// Adds the cell the reader stands on; returns -1 when memory runs out.
static int start_cell(salon_xml_reader *reader) {
    attributes attrs;
    read_attributes(reader, &attrs);
    reader->cell_open = 0;
    long column = reader->next_column;
    if (attrs.index != NULL) {
        long index = parse_count(attrs.index);
        if (index < reader->next_column) flag_index(reader, index);
        else column = index;
    }
    long across = attrs.merge_across ? parse_count(attrs.merge_across) : 0;
    long down = attrs.merge_down ? parse_count(attrs.merge_down) : 0;
    if (across < 0) across = 0;
    if (down < 0) down = 0;
    if (column > SALON_XML_MAX_COLUMNS || column + across > SALON_XML_MAX_COLUMNS) {
        flag_index(reader, column > SALON_XML_MAX_COLUMNS ? column : column + across);
    }
    // Only a flagged row can get here (columns otherwise rise strictly up to the limit); its cells
    // are kept for the reject's original text, up to the limit.
    if (reader->cell_count >= SALON_XML_MAX_COLUMNS) return 0;
    reader->next_column = column + across + 1;
    if (reader->cell_count == reader->cell_capacity) {
        int capacity = reader->cell_capacity ? reader->cell_capacity * 2 : 64;
        salon_xml_cell *grown = realloc(reader->cells, (size_t)capacity * sizeof(*grown));
        if (grown == NULL) return -1;
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
    return 0;
}

static int is_break(const xmlChar *local) {
    return local != NULL && (local[0] == 'b' || local[0] == 'B') && (local[1] == 'r' || local[1] == 'R') && local[2] == '\0';
}

// Collects the text of the Data element the reader stands on: text and CDATA of any descendants
// (rich text runs such as html:B or html:Font) concatenated, html:Br as "\n".
static int read_data(salon_xml_reader *reader) {
    attributes attrs;
    read_attributes(reader, &attrs);
    reader->cells[reader->cell_count - 1].type = cell_type(attrs.type);
    if (xmlTextReaderIsEmptyElement(reader->xml)) return 0;
    for (;;) {
        int status = xmlTextReaderRead(reader->xml);
        if (status != 1) return fail(reader, SALON_XML_MALFORMED);
        int type = xmlTextReaderNodeType(reader->xml);
        switch (type) {
        case XML_READER_TYPE_END_ELEMENT:
            if (xmlTextReaderDepth(reader->xml) == depth_data) return 0;
            break;
        case XML_READER_TYPE_TEXT:
        case XML_READER_TYPE_CDATA:
        case XML_READER_TYPE_WHITESPACE:
        case XML_READER_TYPE_SIGNIFICANT_WHITESPACE: {
            const char *value = (const char *)xmlTextReaderConstValue(reader->xml);
            if (value != NULL && append_text(reader, value, strlen(value)) < 0) return fail(reader, SALON_XML_NO_MEMORY);
            break;
        }
        case XML_READER_TYPE_ELEMENT:
            if (is_break(xmlTextReaderConstLocalName(reader->xml)) && append_text(reader, "\n", 1) < 0) {
                return fail(reader, SALON_XML_NO_MEMORY);
            }
            break;
        case XML_READER_TYPE_ENTITY_REFERENCE:
        case XML_READER_TYPE_ENTITY:
        case XML_READER_TYPE_DOCUMENT_TYPE:
            return fail(reader, SALON_XML_DOCTYPE);
        default:
            break;
        }
    }
}

static int advance(salon_xml_reader *reader) {
    if (reader->pending_node) {
        reader->pending_node = 0;
        return 1;
    }
    return xmlTextReaderRead(reader->xml);
}

static int start_sheet(salon_xml_reader *reader) {
    attributes attrs;
    read_attributes(reader, &attrs);
    free(reader->sheet_name);
    reader->sheet_name = strdup(attrs.name ? (const char *)attrs.name : "");
    if (reader->sheet_name == NULL) return fail(reader, SALON_XML_NO_MEMORY);
    reader->row_number = 0;
    reader->in_table = 0;
    reader->in_row = 0;
    return SALON_XML_SHEET;
}

int salon_xml_next(salon_xml_reader *reader) {
    if (reader->failure) return reader->failure;
    quiet_generic_errors();
    for (;;) {
        int status = advance(reader);
        if (status == 0) return reader->root_seen ? SALON_XML_END : fail(reader, SALON_XML_MALFORMED);
        if (status < 0) return fail(reader, SALON_XML_MALFORMED);
        xmlTextReaderPtr xml = reader->xml;
        int type = xmlTextReaderNodeType(xml);
        if (type == XML_READER_TYPE_DOCUMENT_TYPE || type == XML_READER_TYPE_ENTITY_REFERENCE || type == XML_READER_TYPE_ENTITY) {
            return fail(reader, SALON_XML_DOCTYPE);
        }
        if (type == XML_READER_TYPE_END_ELEMENT) {
            int depth = xmlTextReaderDepth(xml);
            if (depth == depth_row && reader->in_row) {
                reader->in_row = 0;
                reader->cell_open = 0;
                return SALON_XML_ROW;
            }
            if (depth == depth_cell) reader->cell_open = 0;
            if (depth == depth_table) reader->in_table = 0;
            continue;
        }
        if (type != XML_READER_TYPE_ELEMENT) continue;
        int depth = xmlTextReaderDepth(xml);
        if (depth > depth_data) continue;
        xmlNodePtr node = xmlTextReaderCurrentNode(xml);
        const xmlChar *local = node->name;
        if (depth == 0) {
            if (!in_ss_namespace(reader, node->ns) || !same_name(local, reader->n_workbook)) {
                return fail(reader, SALON_XML_NOT_SPREADSHEET);
            }
            reader->root_seen = 1;
            continue;
        }
        if (!in_ss_namespace(reader, node->ns)) continue;
        int empty = xmlTextReaderIsEmptyElement(xml);
        switch (depth) {
        case depth_worksheet:
            if (same_name(local, reader->n_worksheet)) return start_sheet(reader);
            break;
        case depth_table:
            if (same_name(local, reader->n_table) && !empty) reader->in_table = 1;
            break;
        case depth_row:
            if (reader->in_table && same_name(local, reader->n_row)) {
                start_row(reader);
                if (empty) return SALON_XML_ROW;
                reader->in_row = 1;
            }
            break;
        case depth_cell:
            if (reader->in_row && same_name(local, reader->n_cell)) {
                if (start_cell(reader) < 0) return fail(reader, SALON_XML_NO_MEMORY);
                if (empty) reader->cell_open = 0;
            }
            break;
        case depth_data:
            if (reader->cell_open && same_name(local, reader->n_data)) {
                reader->cell_open = 0; // one Data per cell
                int result = read_data(reader);
                if (result != 0) return result;
            }
            break;
        default:
            break;
        }
    }
}

int salon_xml_skip_sheet(salon_xml_reader *reader) {
    if (reader->failure) return reader->failure;
    xmlTextReaderPtr xml = reader->xml;
    reader->in_row = 0;
    reader->in_table = 0;
    reader->cell_open = 0;
    if (xmlTextReaderNodeType(xml) == XML_READER_TYPE_ELEMENT && xmlTextReaderDepth(xml) == depth_worksheet) {
        // Right after SALON_XML_SHEET: skip the whole subtree at once.
        if (xmlTextReaderIsEmptyElement(xml)) return 0;
        int status = xmlTextReaderNext(xml);
        if (status < 0) return fail(reader, SALON_XML_MALFORMED);
        // Status 1: the reader stands on the worksheet's next sibling; 0: the document ended.
        reader->pending_node = status == 1;
        return 0;
    }
    // Inside the worksheet (after some of its rows): read on to its end tag.
    for (;;) {
        int status = xmlTextReaderRead(xml);
        if (status == 0) return 0;
        if (status < 0) return fail(reader, SALON_XML_MALFORMED);
        int type = xmlTextReaderNodeType(xml);
        if (type == XML_READER_TYPE_DOCUMENT_TYPE || type == XML_READER_TYPE_ENTITY_REFERENCE) return fail(reader, SALON_XML_DOCTYPE);
        if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(xml) <= depth_worksheet) {
            if (xmlTextReaderDepth(xml) < depth_worksheet) reader->pending_node = 1;
            return 0;
        }
    }
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

const char *salon_xml_error_message(const salon_xml_reader *reader) { return reader->error_message; }

int salon_xml_error_line(const salon_xml_reader *reader) { return reader->error_line; }

long long salon_xml_bytes_consumed(const salon_xml_reader *reader) {
    long consumed = xmlTextReaderByteConsumed(reader->xml);
    return consumed < 0 ? 0 : consumed;
}
