// salon_xml_reader: a streaming Excel 2003 XML (SpreadsheetML) row reader over libxml2's SAX2 push
// parser.
//
// Why this exists: libxml2's headers pull in ICU, which clashes with Foundation's, so Swift never
// sees them. Walking the SpreadsheetML structure (Worksheet > Table > Row > Cell > Data) in C also
// keeps the per-node work (several million SAX events per large file) out of Swift: Swift sees one
// finished row at a time and copies the cell texts it is handed.
//
// Why SAX: libxml2's xmlTextReader builds and frees a tree node for every element, attribute and
// text it returns; the SAX2 callbacks hand over interned names, attribute values and text slices
// straight from the input buffer, which parses the same file in about half the CPU time. It is the
// same streaming parser with the same limits; no tree is ever built.
//
// Security: the parser never loads a DTD, never substitutes entities and never touches the network
// (XML_PARSE_NONET, no XML_PARSE_NOENT / XML_PARSE_DTDLOAD / XML_PARSE_HUGE, so libxml2's default
// limits on names, attribute values and look-ahead stay in force; nesting depth is limited here,
// SALON_XML_MAX_DEPTH, and a cell's text by SALON_XML_MAX_CELL_BYTES). A document with a DOCTYPE stops with
// SALON_XML_DOCTYPE as soon as its name is parsed, before its internal subset (entity declarations)
// or any of its content is read; without a DTD every entity reference but the five predefined ones
// is a well-formedness error.
//
// Memory: the file is fed to the parser in SALON_XML_READ_CHUNK pieces. Nothing is sized from
// ss:Index, ss:ExpandedRowCount or ss:ExpandedColumnCount. A row holds at most SALON_XML_MAX_COLUMNS
// cells and SALON_XML_MAX_ROW_BYTES bytes of text; beyond that the row is flagged and its remaining
// cells are dropped, so a hostile file cannot make the reader allocate.
#ifndef SALON_XML_READER_H
#define SALON_XML_READER_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Excel's column limit (XFD); a cell beyond it flags its row with SALON_XML_ROW_INDEX_OUT_OF_RANGE.
#define SALON_XML_MAX_COLUMNS 16384
/// Excel holds at most 32767 characters in a cell; 1 MiB of UTF-8 is far beyond any real cell.
#define SALON_XML_MAX_CELL_BYTES (1 << 20)
/// Upper bound on the text one row may hold.
#define SALON_XML_MAX_ROW_BYTES (16 << 20)
/// Bytes of the file handed to the parser at a time.
#define SALON_XML_READ_CHUNK (64 * 1024)
/// Deepest element (the root is depth 0) before the document is refused as malformed: libxml2's
/// limit for the trees it builds, which its SAX parser leaves to the caller. It keeps the parser's
/// stack of open elements small against a file of nothing but start tags.
#define SALON_XML_MAX_DEPTH 256

/// Events (>= 0) and failures (< 0): what salon_xml_run returns and what it hands its sink.
enum {
    /// The document ended; no more events.
    SALON_XML_END = 0,
    /// A worksheet starts; its name is salon_xml_sheet_name.
    SALON_XML_SHEET = 1,
    /// A row is complete; read it with salon_xml_row_* and salon_xml_row_cells.
    SALON_XML_ROW = 2,

    /// The file could not be opened.
    SALON_XML_OPEN_FAILED = -1,
    /// The XML is not well-formed (or its encoding is unusable); see salon_xml_error_*.
    SALON_XML_MALFORMED = -2,
    /// The document has a DOCTYPE or entity declarations; it is refused whole.
    SALON_XML_DOCTYPE = -3,
    /// The root element is not a SpreadsheetML Workbook.
    SALON_XML_NOT_SPREADSHEET = -4,
    /// Out of memory.
    SALON_XML_NO_MEMORY = -5,
};

/// What a sink answers after an event.
enum {
    /// Go on.
    SALON_XML_CONTINUE = 0,
    /// Hand over no more rows of the current worksheet (they are still parsed, not built).
    SALON_XML_SKIP_SHEET = 1,
    /// Stop parsing; salon_xml_run returns SALON_XML_END.
    SALON_XML_STOP = 2,
};

/// Row flags (salon_xml_row_flags).
enum {
    /// A cell's ss:Index (or a merge) reached past SALON_XML_MAX_COLUMNS, was not a number, or went
    /// backwards; salon_xml_row_bad_index holds the offending value.
    SALON_XML_ROW_INDEX_OUT_OF_RANGE = 1,
    /// A cell or the row exceeded the text limits; the text was cut there.
    SALON_XML_ROW_TEXT_TOO_LONG = 2,
};

/// ss:Type of a cell's Data element.
enum {
    SALON_XML_TYPE_NONE = 0,
    SALON_XML_TYPE_STRING = 1,
    SALON_XML_TYPE_NUMBER = 2,
    SALON_XML_TYPE_DATETIME = 3,
    SALON_XML_TYPE_BOOLEAN = 4,
    SALON_XML_TYPE_ERROR = 5,
    SALON_XML_TYPE_OTHER = 6,
};

/// One cell of the current row. `text_offset`/`text_length` point into salon_xml_row_text.
typedef struct salon_xml_cell {
    /// 1-based column, honouring ss:Index.
    long column;
    long merge_across;
    long merge_down;
    int type;
    size_t text_offset;
    size_t text_length;
} salon_xml_cell;

typedef struct salon_xml_reader salon_xml_reader;

/// Receives each SALON_XML_SHEET and SALON_XML_ROW event while the document is parsed; the event's
/// data (salon_xml_sheet_name, salon_xml_row_*) is valid until the sink returns. Returns a
/// SALON_XML_CONTINUE / SKIP_SHEET / STOP answer.
typedef int (*salon_xml_sink)(void *context, int event, const salon_xml_reader *reader);

/// Opens `path` for streaming. Returns NULL on failure and sets *status to a SALON_XML_* failure.
salon_xml_reader *salon_xml_open(const char *path, int *status);

/// Frees the reader and closes the file.
void salon_xml_close(salon_xml_reader *reader);

/// Parses the document to its end, handing every worksheet and row to `sink` as it completes.
/// Returns SALON_XML_END (also when the sink stopped it) or a failure; rows completed before a
/// failure have been handed over. Call it once per reader.
int salon_xml_run(salon_xml_reader *reader, salon_xml_sink sink, void *context);

/// Name (ss:Name) of the current worksheet, UTF-8; "" when it has none.
const char *salon_xml_sheet_name(const salon_xml_reader *reader);

/// 1-based spreadsheet row number of the current row, honouring ss:Index.
long salon_xml_row_number(const salon_xml_reader *reader);

/// SALON_XML_ROW_* flags of the current row.
int salon_xml_row_flags(const salon_xml_reader *reader);

/// The offending ss:Index (or merged end column) when SALON_XML_ROW_INDEX_OUT_OF_RANGE is set; -1
/// when the value was not a number.
long salon_xml_row_bad_index(const salon_xml_reader *reader);

/// The cells of the current row in document order; *count receives their number.
const salon_xml_cell *salon_xml_row_cells(const salon_xml_reader *reader, int *count);

/// Base of the current row's cell texts (not NUL-terminated per cell).
const char *salon_xml_row_text(const salon_xml_reader *reader);

/// Bytes of text the current row holds (the end of its last cell's text).
size_t salon_xml_row_text_length(const salon_xml_reader *reader);

/// libxml2's message for the failure (UTF-8, no trailing newline), or "".
const char *salon_xml_error_message(const salon_xml_reader *reader);

/// Line libxml2 reported for the failure, or 0.
int salon_xml_error_line(const salon_xml_reader *reader);

/// Bytes of the file the parser has consumed so far; once salon_xml_run returned, the bytes it read
/// (the file's size when the document ended normally).
long long salon_xml_bytes_consumed(const salon_xml_reader *reader);

#ifdef __cplusplus
}
#endif

#endif
