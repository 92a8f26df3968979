#include "salon_xlsx_reader.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlversion.h>

// Depths of the worksheet elements we read; anything elsewhere (a <c> inside <extLst>, say) is
// ignored, so look-alike names cannot confuse the structure.
enum { depth_worksheet = 0, depth_sheet_data = 1, depth_row = 2, depth_cell = 3, depth_value = 4 };

// The first error libxml2 reports (the first fatal one when there is one), for messages.
typedef struct error_slot {
    char message[512];
    int line;
    int is_fatal;
} error_slot;

static void on_error(void *arg, xmlErrorPtr error) {
    error_slot *slot = arg;
    if (error == NULL || error->level < XML_ERR_ERROR) return;
    int fatal = error->level == XML_ERR_FATAL;
    if (slot->message[0] != '\0' && (slot->is_fatal || !fatal)) return;
    const char *message = error->message != NULL ? error->message : "XML error";
    size_t length = strlen(message);
    if (length >= sizeof(slot->message)) length = sizeof(slot->message) - 1;
    memcpy(slot->message, message, length);
    while (length > 0 && (message[length - 1] == '\n' || message[length - 1] == ' ')) length--;
    slot->message[length] = '\0';
    slot->line = error->line;
    slot->is_fatal = fatal;
}

// NONET: no network. NOERROR/NOWARNING: errors reach on_error, nothing is printed. Deliberately
// absent: NOENT, DTDLOAD, DTDATTR, DTDVALID, XINCLUDE and HUGE.
static int parse_options(void) {
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_COMPACT;
#if LIBXML_VERSION >= 21300
    options |= XML_PARSE_NO_XXE;
#endif
    return options;
}

static int saw_doctype(xmlTextReaderPtr xml) {
    xmlDocPtr doc = xmlTextReaderCurrentDoc(xml);
    return doc != NULL && (doc->intSubset != NULL || doc->extSubset != NULL);
}

static int is_forbidden_node(int type) {
    return type == XML_READER_TYPE_DOCUMENT_TYPE || type == XML_READER_TYPE_ENTITY_REFERENCE
        || type == XML_READER_TYPE_ENTITY;
}

static int is_text_node(int type) {
    return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA || type == XML_READER_TYPE_WHITESPACE
        || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

// Records a failure once; a malformed document that declared a DOCTYPE is reported as a DOCTYPE.
static int record_failure(int *failure, error_slot *errors, xmlTextReaderPtr xml, int code, int input_failed) {
    if (*failure != 0) return *failure;
    if (input_failed) code = SALON_XLSX_INPUT_FAILED;
    else if (code == SALON_XLSX_MALFORMED && saw_doctype(xml)) code = SALON_XLSX_DOCTYPE;
    *failure = code;
    if (code == SALON_XLSX_MALFORMED) {
        if (errors->line == 0) errors->line = xmlTextReaderGetParserLineNumber(xml);
        if (errors->message[0] == '\0') strcpy(errors->message, "the XML is not well-formed");
    }
    return code;
}

// MARK: - Sheet reader

struct salon_xlsx_sheet {
    xmlTextReaderPtr xml;
    salon_xlsx_read_fn read;
    void *context;
    int input_failed;
    int failure;
    int root_seen;
    int in_data;
    int in_row;
    int cell_open;

    long row_number;
    long next_column;
    int row_flags;
    long bad_index;

    salon_xlsx_cell *cells;
    int cell_count;
    int cell_capacity;
    char *text;
    size_t text_length;
    size_t text_capacity;

    error_slot errors;
    const xmlChar *n_worksheet, *n_sheet_data, *n_row, *n_c, *n_v, *n_is, *n_t, *n_r, *n_rph, *n_s;
};

static int sheet_input(void *context, char *buffer, int length) {
    salon_xlsx_sheet *sheet = context;
    int count = sheet->read(sheet->context, buffer, length);
    if (count < 0) sheet->input_failed = 1;
    return count;
}

static int sheet_input_close(void *context) {
    (void)context;
    return 0;
}

static int sheet_fail(salon_xlsx_sheet *sheet, int code) {
    return record_failure(&sheet->failure, &sheet->errors, sheet->xml, code, sheet->input_failed);
}

salon_xlsx_sheet *salon_xlsx_sheet_open(salon_xlsx_read_fn read, void *context) {
    salon_xlsx_sheet *sheet = calloc(1, sizeof(*sheet));
    if (sheet == NULL) return NULL;
    sheet->read = read;
    sheet->context = context;
    sheet->xml = xmlReaderForIO(sheet_input, sheet_input_close, sheet, NULL, NULL, parse_options());
    if (sheet->xml == NULL) {
        free(sheet);
        return NULL;
    }
    xmlTextReaderSetStructuredErrorHandler(sheet->xml, on_error, &sheet->errors);
    xmlTextReaderPtr xml = sheet->xml;
    sheet->n_worksheet = xmlTextReaderConstString(xml, BAD_CAST "worksheet");
    sheet->n_sheet_data = xmlTextReaderConstString(xml, BAD_CAST "sheetData");
    sheet->n_row = xmlTextReaderConstString(xml, BAD_CAST "row");
    sheet->n_c = xmlTextReaderConstString(xml, BAD_CAST "c");
    sheet->n_v = xmlTextReaderConstString(xml, BAD_CAST "v");
    sheet->n_is = xmlTextReaderConstString(xml, BAD_CAST "is");
    sheet->n_t = xmlTextReaderConstString(xml, BAD_CAST "t");
    sheet->n_r = xmlTextReaderConstString(xml, BAD_CAST "r");
    sheet->n_rph = xmlTextReaderConstString(xml, BAD_CAST "rPh");
    sheet->n_s = xmlTextReaderConstString(xml, BAD_CAST "s");
    return sheet;
}

void salon_xlsx_sheet_close(salon_xlsx_sheet *sheet) {
    if (sheet == NULL) return;
    xmlFreeTextReader(sheet->xml);
    free(sheet->cells);
    free(sheet->text);
    free(sheet);
}

// Interned names: equal names are one pointer in the reader's dictionary; strcmp is the fallback.
static int same_name(const xmlChar *name, const xmlChar *interned) {
    if (name == interned) return 1;
    if (name == NULL || interned == NULL || name[0] != interned[0]) return 0;
    return strcmp((const char *)name, (const char *)interned) == 0;
}

static const xmlChar *attribute_value(xmlAttrPtr attr) {
    const xmlChar *value = attr->children != NULL && attr->children->next == NULL ? attr->children->content : NULL;
    return value != NULL ? value : (const xmlChar *)"";
}

// A positive decimal number, saturating far beyond any sheet limit; -1 if not a number.
static long parse_number(const xmlChar *text) {
    const char *p = (const char *)text;
    if (*p < '0' || *p > '9') return -1;
    long value = 0;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (value < 1000000000000L) value = value * 10 + (*p - '0');
    }
    return *p == '\0' ? value : -1;
}

// The column of an A1 reference ("C7" -> 3); -1 when it is not one.
static long parse_column(const xmlChar *reference) {
    const char *p = (const char *)reference;
    long column = 0;
    int letters = 0;
    for (; (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'); p++) {
        if (++letters > 3) return -1;
        column = column * 26 + ((*p | 0x20) - 'a' + 1);
    }
    if (letters == 0) return -1;
    for (; *p >= '0' && *p <= '9'; p++) {}
    return *p == '\0' ? column : -1;
}

static void flag_index(salon_xlsx_sheet *sheet, long value) {
    if (!(sheet->row_flags & SALON_XLSX_ROW_INDEX_OUT_OF_RANGE)) sheet->bad_index = value;
    sheet->row_flags |= SALON_XLSX_ROW_INDEX_OUT_OF_RANGE;
}

static void start_row(salon_xlsx_sheet *sheet, xmlNodePtr node) {
    sheet->row_flags = 0;
    sheet->bad_index = 0;
    sheet->cell_count = 0;
    sheet->text_length = 0;
    sheet->next_column = 1;
    sheet->cell_open = 0;
    long number = sheet->row_number + 1;
    for (xmlAttrPtr attr = node->properties; attr != NULL; attr = attr->next) {
        if (attr->ns != NULL || !same_name(attr->name, sheet->n_r)) continue;
        long index = parse_number(attribute_value(attr));
        // A gap only moves the counter; nothing is allocated for the rows skipped.
        if (index <= sheet->row_number || index > SALON_XLSX_MAX_ROWS) flag_index(sheet, index);
        else number = index;
    }
    sheet->row_number = number;
}

static int cell_type(const xmlChar *type) {
    const char *t = (const char *)type;
    if (strcmp(t, "n") == 0) return SALON_XLSX_CELL_NUMBER;
    if (strcmp(t, "s") == 0) return SALON_XLSX_CELL_SHARED;
    if (strcmp(t, "inlineStr") == 0) return SALON_XLSX_CELL_INLINE;
    if (strcmp(t, "str") == 0) return SALON_XLSX_CELL_FORMULA_STRING;
    if (strcmp(t, "b") == 0) return SALON_XLSX_CELL_BOOLEAN;
    if (strcmp(t, "e") == 0) return SALON_XLSX_CELL_ERROR;
    if (strcmp(t, "d") == 0) return SALON_XLSX_CELL_DATE;
    return SALON_XLSX_CELL_OTHER;
}

static int start_cell(salon_xlsx_sheet *sheet, xmlNodePtr node) {
    long column = sheet->next_column;
    long style = 0;
    int type = SALON_XLSX_CELL_NUMBER;
    for (xmlAttrPtr attr = node->properties; attr != NULL; attr = attr->next) {
        if (attr->ns != NULL) continue;
        const xmlChar *name = attr->name;
        if (same_name(name, sheet->n_r)) {
            long parsed = parse_column(attribute_value(attr));
            if (parsed < sheet->next_column || parsed > SALON_XLSX_MAX_COLUMNS) flag_index(sheet, parsed);
            else column = parsed;
        } else if (same_name(name, sheet->n_s)) {
            long parsed = parse_number(attribute_value(attr));
            style = parsed < 0 ? 0 : parsed;
        } else if (same_name(name, sheet->n_t)) {
            type = cell_type(attribute_value(attr));
        }
    }
    sheet->cell_open = 0;
    // Only a flagged row gets here with this many cells; its cells are kept for the reject's text.
    if (sheet->cell_count >= SALON_XLSX_MAX_COLUMNS) return 0;
    if (column > SALON_XLSX_MAX_COLUMNS) flag_index(sheet, column);
    sheet->next_column = column + 1;
    if (sheet->cell_count == sheet->cell_capacity) {
        int capacity = sheet->cell_capacity ? sheet->cell_capacity * 2 : 64;
        salon_xlsx_cell *grown = realloc(sheet->cells, (size_t)capacity * sizeof(*grown));
        if (grown == NULL) return -1;
        sheet->cells = grown;
        sheet->cell_capacity = capacity;
    }
    salon_xlsx_cell *cell = &sheet->cells[sheet->cell_count++];
    cell->column = column;
    cell->style = style;
    cell->type = type;
    cell->text_offset = sheet->text_length;
    cell->text_length = 0;
    sheet->cell_open = 1;
    return 0;
}

static int append_text(salon_xlsx_sheet *sheet, const char *bytes, size_t length) {
    salon_xlsx_cell *cell = &sheet->cells[sheet->cell_count - 1];
    if (cell->text_length + length > SALON_XLSX_MAX_CELL_BYTES || sheet->text_length + length > SALON_XLSX_MAX_ROW_BYTES) {
        sheet->row_flags |= SALON_XLSX_ROW_TEXT_TOO_LONG;
        return 0;
    }
    if (sheet->text_length + length > sheet->text_capacity) {
        size_t capacity = sheet->text_capacity ? sheet->text_capacity : 4096;
        while (capacity < sheet->text_length + length) capacity *= 2;
        char *grown = realloc(sheet->text, capacity);
        if (grown == NULL) return -1;
        sheet->text = grown;
        sheet->text_capacity = capacity;
    }
    memcpy(sheet->text + sheet->text_length, bytes, length);
    sheet->text_length += length;
    cell->text_length += length;
    return 0;
}

// Collects the text of the <v> or <is> element the reader stands on. In <is>, only <t> text counts
// (directly or inside <r> runs); phonetic guides (<rPh>) are left out, as Excel shows them.
static int read_value(salon_xlsx_sheet *sheet, int inline_string) {
    xmlTextReaderPtr xml = sheet->xml;
    if (xmlTextReaderIsEmptyElement(xml)) return 0;
    int in_t = 0;
    int phonetic_depth = 0;
    for (;;) {
        if (xmlTextReaderRead(xml) != 1) return sheet_fail(sheet, SALON_XLSX_MALFORMED);
        int type = xmlTextReaderNodeType(xml);
        if (is_text_node(type)) {
            if (inline_string && (!in_t || phonetic_depth)) continue;
            const char *value = (const char *)xmlTextReaderConstValue(xml);
            if (value != NULL && append_text(sheet, value, strlen(value)) < 0) return sheet_fail(sheet, SALON_XLSX_NO_MEMORY);
            continue;
        }
        if (is_forbidden_node(type)) return sheet_fail(sheet, SALON_XLSX_DOCTYPE);
        int depth = xmlTextReaderDepth(xml);
        if (type == XML_READER_TYPE_END_ELEMENT) {
            if (depth == depth_value) return 0;
            const xmlChar *name = xmlTextReaderConstLocalName(xml);
            if (same_name(name, sheet->n_t)) in_t = 0;
            else if (phonetic_depth == depth && same_name(name, sheet->n_rph)) phonetic_depth = 0;
        } else if (type == XML_READER_TYPE_ELEMENT && !xmlTextReaderIsEmptyElement(xml)) {
            const xmlChar *name = xmlTextReaderConstLocalName(xml);
            if (same_name(name, sheet->n_t)) in_t = 1;
            else if (!phonetic_depth && same_name(name, sheet->n_rph)) phonetic_depth = depth;
        }
    }
}

int salon_xlsx_sheet_next(salon_xlsx_sheet *sheet) {
    if (sheet->failure) return sheet->failure;
    xmlTextReaderPtr xml = sheet->xml;
    for (;;) {
        int status = xmlTextReaderRead(xml);
        if (status == 0) return sheet->root_seen ? SALON_XLSX_END : sheet_fail(sheet, SALON_XLSX_MALFORMED);
        if (status < 0) return sheet_fail(sheet, SALON_XLSX_MALFORMED);
        int type = xmlTextReaderNodeType(xml);
        if (is_forbidden_node(type)) return sheet_fail(sheet, SALON_XLSX_DOCTYPE);
        if (type == XML_READER_TYPE_END_ELEMENT) {
            int depth = xmlTextReaderDepth(xml);
            if (depth == depth_row && sheet->in_row) {
                sheet->in_row = 0;
                sheet->cell_open = 0;
                return SALON_XLSX_ROW;
            }
            if (depth == depth_cell) sheet->cell_open = 0;
            else if (depth == depth_sheet_data) sheet->in_data = 0;
            continue;
        }
        if (type != XML_READER_TYPE_ELEMENT) continue;
        int depth = xmlTextReaderDepth(xml);
        if (depth > depth_value) continue;
        xmlNodePtr node = xmlTextReaderCurrentNode(xml);
        const xmlChar *local = node->name;
        int empty = xmlTextReaderIsEmptyElement(xml);
        switch (depth) {
        case depth_worksheet:
            if (!same_name(local, sheet->n_worksheet)) return sheet_fail(sheet, SALON_XLSX_NOT_WORKSHEET);
            sheet->root_seen = 1;
            break;
        case depth_sheet_data:
            if (same_name(local, sheet->n_sheet_data) && !empty) sheet->in_data = 1;
            break;
        case depth_row:
            if (sheet->in_data && same_name(local, sheet->n_row)) {
                start_row(sheet, node);
                if (empty) return SALON_XLSX_ROW;
                sheet->in_row = 1;
            }
            break;
        case depth_cell:
            if (sheet->in_row && same_name(local, sheet->n_c)) {
                if (start_cell(sheet, node) < 0) return sheet_fail(sheet, SALON_XLSX_NO_MEMORY);
                if (empty) sheet->cell_open = 0;
            }
            break;
        case depth_value:
            if (!sheet->cell_open) break;
            if (same_name(local, sheet->n_v) || same_name(local, sheet->n_is)) {
                int result = read_value(sheet, same_name(local, sheet->n_is));
                if (result != 0) return result;
            }
            break;
        default:
            break;
        }
    }
}

long salon_xlsx_row_number(const salon_xlsx_sheet *sheet) { return sheet->row_number; }

int salon_xlsx_row_flags(const salon_xlsx_sheet *sheet) { return sheet->row_flags; }

long salon_xlsx_row_bad_index(const salon_xlsx_sheet *sheet) { return sheet->bad_index; }

const salon_xlsx_cell *salon_xlsx_row_cells(const salon_xlsx_sheet *sheet, int *count) {
    *count = sheet->cell_count;
    return sheet->cells;
}

const char *salon_xlsx_row_text(const salon_xlsx_sheet *sheet) { return sheet->text ? sheet->text : ""; }

const char *salon_xlsx_sheet_error_message(const salon_xlsx_sheet *sheet) { return sheet->errors.message; }

int salon_xlsx_sheet_error_line(const salon_xlsx_sheet *sheet) { return sheet->errors.line; }

// MARK: - Part reader

struct salon_xlsx_part {
    xmlTextReaderPtr xml;
    int failure;
    // The current element was empty: its end is reported on the next call.
    int pending_end;
    error_slot errors;
};

static int part_fail(salon_xlsx_part *part, int code) {
    return record_failure(&part->failure, &part->errors, part->xml, code, 0);
}

salon_xlsx_part *salon_xlsx_part_open(const char *bytes, int length) {
    salon_xlsx_part *part = calloc(1, sizeof(*part));
    if (part == NULL) return NULL;
    part->xml = xmlReaderForMemory(bytes, length, NULL, NULL, parse_options());
    if (part->xml == NULL) {
        free(part);
        return NULL;
    }
    xmlTextReaderSetStructuredErrorHandler(part->xml, on_error, &part->errors);
    return part;
}

void salon_xlsx_part_close(salon_xlsx_part *part) {
    if (part == NULL) return;
    xmlFreeTextReader(part->xml);
    free(part);
}

int salon_xlsx_part_next(salon_xlsx_part *part) {
    if (part->failure) return part->failure;
    if (part->pending_end) {
        part->pending_end = 0;
        return SALON_XLSX_ELEMENT_END;
    }
    for (;;) {
        int status = xmlTextReaderRead(part->xml);
        if (status == 0) return SALON_XLSX_END;
        if (status < 0) return part_fail(part, SALON_XLSX_MALFORMED);
        int type = xmlTextReaderNodeType(part->xml);
        if (is_forbidden_node(type)) return part_fail(part, SALON_XLSX_DOCTYPE);
        if (type == XML_READER_TYPE_ELEMENT) {
            part->pending_end = xmlTextReaderIsEmptyElement(part->xml);
            return SALON_XLSX_ELEMENT;
        }
        if (type == XML_READER_TYPE_END_ELEMENT) return SALON_XLSX_ELEMENT_END;
        if (is_text_node(type)) return SALON_XLSX_TEXT;
    }
}

const char *salon_xlsx_part_name(const salon_xlsx_part *part) {
    const xmlChar *name = xmlTextReaderConstLocalName(part->xml);
    return name ? (const char *)name : "";
}

int salon_xlsx_part_depth(const salon_xlsx_part *part) { return xmlTextReaderDepth(part->xml); }

const char *salon_xlsx_part_attribute(const salon_xlsx_part *part, const char *local_name) {
    xmlNodePtr node = xmlTextReaderCurrentNode(part->xml);
    if (node == NULL || node->type != XML_ELEMENT_NODE) return NULL;
    for (xmlAttrPtr attr = node->properties; attr != NULL; attr = attr->next) {
        if (strcmp((const char *)attr->name, local_name) == 0) return (const char *)attribute_value(attr);
    }
    return NULL;
}

const char *salon_xlsx_part_text(const salon_xlsx_part *part) {
    const xmlChar *value = xmlTextReaderConstValue(part->xml);
    return value ? (const char *)value : "";
}

const char *salon_xlsx_part_error_message(const salon_xlsx_part *part) { return part->errors.message; }

int salon_xlsx_part_error_line(const salon_xlsx_part *part) { return part->errors.line; }
